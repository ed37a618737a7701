/**
 * Pushes the work queues' counts to the people who work them when they change: the moderation
 * queue's to moderators, each community's response desk's to staff; and a member's unread count to
 * their sockets when a read mark lowers it. Its event source is the table's stream, filtered to the
 * counter items every transition updates in its own transaction (the moderation backlog totals, each
 * community's desk backlog, each member's unread counter: lib/constructs/live-updates.ts), so the
 * item's new image is the counts. Of a batch only the last image of each is pushed: it supersedes
 * the others. A desk frame also says how many items are overdue now, from the desk's due-time
 * counters (two reads per community in the batch). The read marks' pushes are here, not in the
 * notifications function, so that function carries no Management API client.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { deskDueCounters, liveDeps } from '../composition/live';
import { injectLambdaContext, logger } from '../http/logger';
import { DESK_COUNT_GROUPS, deskCountsFrame } from '../live/desk-counts';
import { QUEUE_COUNT_GROUPS, queueCountsFrame } from '../live/queue-counts';
import { readMarkFrames, type UnreadCounterChange } from '../live/unread-counts';
import { deskBacklogCommunity, toDeskBacklog } from '../store/entities/desk-stats';
import { unreadCounterMember, unreadOf } from '../store/entities/notification';
import { isBacklogTotals, toBacklogCounters } from '../store/entities/queue-stats';

const keysOf = (record: DynamoDBRecord) => (record.dynamodb?.Keys ? unmarshall(record.dynamodb.Keys as Record<string, AttributeValue>) : {});
const newImageOf = (record: DynamoDBRecord) => unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
const oldImageOf = (record: DynamoDBRecord) => (record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage as Record<string, AttributeValue>) : undefined);

async function pushCounts(event: DynamoDBStreamEvent): Promise<void> {
  const withImage = event.Records.filter((record) => record.dynamodb?.NewImage);
  // Pushed now (the stream's creation time is whole seconds in AWS and whole minutes in DynamoDB Local: too coarse to order frames by).
  const { push, clock, connections } = liveDeps();
  const latest = withImage.findLast((record) => isBacklogTotals(keysOf(record)));
  if (latest) {
    const counters = toBacklogCounters(newImageOf(latest));
    const outcome = await push.toGroups(QUEUE_COUNT_GROUPS, queueCountsFrame(counters, clock()));
    logger.info('queue counts pushed', { ...outcome, total: counters.total ?? 0 });
  }
  const desks = new Map<string, DynamoDBRecord>();
  for (const record of withImage) {
    const communityId = deskBacklogCommunity(keysOf(record));
    if (communityId !== undefined) desks.set(communityId, record);
  }
  for (const [communityId, record] of desks) {
    const now = clock();
    const frame = deskCountsFrame(communityId, toDeskBacklog(newImageOf(record)), await deskDueCounters()(communityId, now), now);
    const outcome = await push.toGroups(DESK_COUNT_GROUPS, frame);
    logger.info('desk counts pushed', { ...outcome, communityId, ...frame.counts });
  }
  const counters = withImage.flatMap((record): UnreadCounterChange[] => {
    const memberId = unreadCounterMember(keysOf(record));
    return memberId === undefined ? [] : [{ memberId, before: unreadOf(oldImageOf(record)), after: unreadOf(newImageOf(record)) }];
  });
  for (const { memberId, frame } of readMarkFrames(counters)) {
    // The member's id stays out of the log line (as the notifier's): the counts only.
    const outcome = await push.send(await connections.ofMember(memberId), frame);
    logger.info('unread count pushed after a read mark', { ...outcome, unreadCount: frame.unreadCount });
  }
}

export const handler = middy<DynamoDBStreamEvent, void>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(pushCounts);
