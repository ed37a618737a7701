/**
 * The content the notifier judges events on, behind its FactSource port: the post, the comments, the
 * last moderation decision and an idea's status note, read from the single table; and an idea's voters. Its own module, so the notifications API's
 * bundle does not carry the comment and moderation entities.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { FactSource, VoterSource } from '../notifications/ports';
import { getComment, toComment } from './entities/comment';
import { getTimelineEntry, toTimelineEntry } from './entities/idea-timeline';
import { isLiveVote, votesQuery } from './entities/idea-vote';
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
    async timelineNote(postId, ref) {
      const { Item } = await client.send(new GetCommand(getTimelineEntry(table, postId, ref)));
      return Item ? (toTimelineEntry(Item).note ?? null) : null;
    },
  };
}

/**
 * An idea's voters, a page at a time: its vote items in member order (taken-back ones skipped), the
 * cursor the last member id read. Every vote item of the idea is in its own partition, so no index.
 */
export function dynamoVoterSource(client: DynamoDBDocumentClient, table: string): VoterSource {
  return {
    async voters(postId, limit, cursor) {
      const out = await client.send(new QueryCommand(votesQuery(table, postId, limit, cursor)));
      const items = out.Items ?? [];
      return {
        memberIds: items.filter(isLiveVote).map((item) => String(item.memberId)),
        cursor: out.LastEvaluatedKey && items.length > 0 ? String(items.at(-1)!.memberId) : null,
      };
    },
  };
}
