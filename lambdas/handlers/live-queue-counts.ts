/**
 * Pushes the moderation queue's counts to moderators' sockets when they change. Its event source is
 * the table's stream, filtered to the backlog counters item (lib/constructs/live-updates.ts), which
 * every transition that changes the queue updates in its own transaction; the item's new image is
 * the counts, so nothing is read. Of a batch only the last image is pushed: it supersedes the others.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { liveDeps } from '../composition/live';
import { injectLambdaContext, logger } from '../http/logger';
import { QUEUE_COUNT_GROUPS, queueCountsFrame } from '../live/queue-counts';
import { isBacklogTotals, toBacklogCounters } from '../store/entities/queue-stats';

const keysOf = (record: DynamoDBRecord) => (record.dynamodb?.Keys ? unmarshall(record.dynamodb.Keys as Record<string, AttributeValue>) : {});

async function pushCounts(event: DynamoDBStreamEvent): Promise<void> {
  const latest = event.Records.findLast((record) => record.dynamodb?.NewImage && isBacklogTotals(keysOf(record)));
  if (!latest) return;
  const counters = toBacklogCounters(unmarshall(latest.dynamodb!.NewImage as Record<string, AttributeValue>));
  // Pushed now (the stream's creation time is whole seconds in AWS and whole minutes in DynamoDB Local: too coarse to order frames by).
  const { push, clock } = liveDeps();
  const outcome = await push.toGroups(QUEUE_COUNT_GROUPS, queueCountsFrame(counters, clock()));
  logger.info('queue counts pushed', { ...outcome, total: counters.total ?? 0 });
}

export const handler = middy<DynamoDBStreamEvent, void>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(pushCounts);
