/**
 * Reading one post by id, for groups that only look posts up (ideas): the post entity alone, not the
 * content store's writes, comments and reactions.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PostStore } from '../domain/ports';
import { readPost } from './dynamo-reaction-store';

export const dynamoPostReader = (client: DynamoDBDocumentClient, table: string): Pick<PostStore, 'getPost'> => ({
  getPost: (postId, read) => readPost(client, table, postId, read),
});
