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
import type { NotifierDeps, PageQueue } from '../notifications/ports';
import { documentClient } from '../store/dynamo-client';
import { dynamoFactSource, dynamoVoterSource } from '../store/dynamo-notification-facts';
import { dynamoFollowStore, dynamoInboxStore } from '../store/dynamo-notification-store';
import { notificationsMessagingDesign } from '../store/messaging-design';

const sqsPageQueue = (queueUrl: string): PageQueue => ({
  async send(page) {
    await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: pageMessage(page) }));
  },
});

let deps: NotifierDeps | undefined;

export const notifierDeps = (): NotifierDeps =>
  (deps ??= {
    facts: dynamoFactSource(documentClient, tableName()),
    follows: dynamoFollowStore(documentClient, tableName()),
    voters: dynamoVoterSource(documentClient, tableName()),
    inbox: dynamoInboxStore(documentClient, tableName()),
    pages: sqsPageQueue(notificationsQueueUrl()),
    clock: systemClock,
    pageSize: notificationsMessagingDesign.notifierSource.followersPerPage,
    live: courtesyPush(),
  });
