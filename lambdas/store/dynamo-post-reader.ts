/**
 * Reading one post or one comment by id, for groups that only look them up (ideas, moderation): the
 * post and comment entities alone, not the content store's writes, lists and reactions.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Comment } from '../api/schemas';
import type { CommentStore, PostStore } from '../domain/ports';
import { readPost } from './dynamo-reaction-store';
import * as comment from './entities/comment';

export async function readComment(client: DynamoDBDocumentClient, table: string, postId: string, commentId: string): Promise<Comment | undefined> {
  const out = await client.send(new GetCommand(comment.getComment(table, postId, commentId)));
  return out.Item ? comment.toComment(out.Item) : undefined;
}

export const dynamoPostReader = (client: DynamoDBDocumentClient, table: string): Pick<PostStore, 'getPost'> => ({
  getPost: (postId, read) => readPost(client, table, postId, read),
});

export const dynamoCommentReader = (client: DynamoDBDocumentClient, table: string): Pick<CommentStore, 'getComment'> => ({
  getComment: (postId, commentId) => readComment(client, table, postId, commentId),
});
