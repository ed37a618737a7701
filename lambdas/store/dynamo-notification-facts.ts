/**
 * The content the notifier judges events on, behind its FactSource port: the post, the comments and the
 * last moderation decision, read from the single table. Its own module, so the notifications API's
 * bundle does not carry the comment and moderation entities.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { FactSource } from '../notifications/ports';
import { getComment, toComment } from './entities/comment';
import { getModerationItem, toQueueItem } from './entities/moderation-item';
import { getPost, toPost } from './entities/post';

/** What the notifier judges an event on, read now (strongly consistent: a post hidden a moment ago notifies no one). */
export function dynamoFactSource(client: DynamoDBDocumentClient, table: string): FactSource {
  return {
    async getPost(postId) {
      const { Item } = await client.send(new GetCommand(getPost(table, postId, true)));
      if (!Item) return undefined;
      const post = toPost(Item);
      return {
        postId: post.postId,
        communityId: post.communityId,
        authorId: post.authorId,
        kind: post.kind,
        status: post.status,
        title: post.title,
        productIds: post.productIds ?? [],
        ideaStatus: post.ideaStatus ?? null,
      };
    },
    async getComment(postId, commentId) {
      const { Item } = await client.send(new GetCommand({ ...getComment(table, postId, commentId), ConsistentRead: true }));
      if (!Item) return undefined;
      const comment = toComment(Item);
      return {
        postId,
        commentId,
        authorId: comment.authorId,
        authorName: comment.authorName,
        status: comment.status ?? 'published',
        deleted: comment.deleted === true,
        depth: comment.depth,
        parentCommentId: comment.parentCommentId ?? null,
      };
    },
    async decisionNote(postId) {
      const { Item } = await client.send(new GetCommand(getModerationItem(table, `post-${postId}`)));
      return Item ? (toQueueItem(Item).lastDecision?.note ?? null) : null;
    },
  };
}
