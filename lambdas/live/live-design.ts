/**
 * The live updates' settings as plain data, read by the CDK construct (lib/constructs/live-updates.ts)
 * and the local runtime alike, so both batch, filter and limit the same way.
 */
import { DESK_BACKLOG_SK, DESK_STATS_PREFIX } from '../store/entities/desk-stats';
import { INBOX_PREFIX, UNREAD_SK } from '../store/entities/notification';
import { backlogKey } from '../store/entities/queue-stats';

export const liveDesign = {
  /** The WebSocket API's stage: its name is the last segment of the socket URL and of the Management API's callback URL. */
  stageName: 'live',
  /**
   * The table stream into the queue-counts pusher: small batches, no gathering window (a moderator
   * should see the count move within a second), few retries and no dead-letter queue, because
   * counts are state: the next change supersedes a push that was lost.
   */
  queueCountsSource: { batchSize: 100, maxBatchingWindowSeconds: 0, retryAttempts: 2, timeoutSeconds: 10 },
  /** The keys of the one item whose changes invoke the queue-counts pusher: the moderation backlog counters. */
  queueCountsKeys: backlogKey(),
  /** And each community's desk backlog counters: partition key starting with `pkPrefix`, sort key `sk`. */
  deskCountsKeys: { pkPrefix: DESK_STATS_PREFIX, sk: DESK_BACKLOG_SK },
  /**
   * And each member's unread counter, when it changes (MODIFY): a read mark lowers it, and the pusher tells the
   * member's sockets the new count (a rise comes with its notification, which the notifier pushes itself).
   */
  unreadCountKeys: { pkPrefix: INBOX_PREFIX, sk: UNREAD_SK },
  /** Messages per second and burst on the stage (API Gateway's account default is 10,000 / 5,000). */
  throttle: { rateLimit: 1000, burstLimit: 500 },
} as const;
