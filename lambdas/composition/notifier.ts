/**
 * The notifier's adapters, created once per container: the content it judges events on (posts,
 * comments, the last moderation decision), follows and inboxes in the table, and its own queue for
 * the pages of a large fan-out.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../analytics/sqs-client';
import { notificationsQueueUrl, tableName } from '../config';
import { systemClock } from '../domain/clock';
import { pageMessage } from '../notifications/messages';
import { courtesyPush } from './live';
import type { FactSource, NotifierDeps, PageQueue } from '../notifications/ports';
import { documentClient } from '../store/dynamo-client';
import { dynamoModerationStore } from '../store/dynamo-moderation-store';
import { dynamoFollowStore, dynamoInboxStore } from '../store/dynamo-notification-store';
import { dynamoStore } from '../store/dynamo-store';
import { notificationsMessagingDesign } from '../store/messaging-design';

function factSource(table: string): FactSource {
  const content = dynamoStore(documentClient, table);
  const moderation = dynamoModerationStore(documentClient, table);
  return {
    async getPost(postId) {
      const post = await content.getPost(postId);
      return (
        post && {
          postId: post.postId,
          communityId: post.communityId,
          authorId: post.authorId,
          kind: post.kind,
          status: post.status,
          title: post.title,
          productIds: post.productIds ?? [],
          ideaStatus: post.ideaStatus ?? null,
        }
      );
    },
    async getComment(postId, commentId) {
      const comment = await content.getComment(postId, commentId);
      return (
        comment && {
          postId,
          commentId,
          authorId: comment.authorId,
          authorName: comment.authorName,
          status: comment.status ?? 'published',
          deleted: comment.deleted === true,
          depth: comment.depth,
          parentCommentId: comment.parentCommentId ?? null,
        }
      );
    },
    async decisionNote(postId) {
      return (await moderation.getQueueItem(`post-${postId}`))?.lastDecision?.note ?? null;
    },
  };
}

const sqsPageQueue = (queueUrl: string): PageQueue => ({
  async send(page) {
    await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: pageMessage(page) }));
  },
});

let deps: NotifierDeps | undefined;

export const notifierDeps = (): NotifierDeps =>
  (deps ??= {
    facts: factSource(tableName()),
    follows: dynamoFollowStore(documentClient, tableName()),
    inbox: dynamoInboxStore(documentClient, tableName()),
    pages: sqsPageQueue(notificationsQueueUrl()),
    clock: systemClock,
    pageSize: notificationsMessagingDesign.notifierSource.followersPerPage,
    live: courtesyPush(),
  });
