/**
 * The live queue counts' event source mapping, locally: the table's stream into
 * lambdas/handlers/live-queue-counts.ts, with the mapping's filters (only records of the moderation
 * backlog counters, the desks' backlog counters and changes of members' unread counters invoke the
 * function, as Lambda's event filtering does, so nothing else is billed).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { deskBacklogCommunity } from '../lambdas/store/entities/desk-stats';
import { unreadCounterMember } from '../lambdas/store/entities/notification';
import { isBacklogTotals } from '../lambdas/store/entities/queue-stats';
import { liveDesign } from '../lambdas/live/live-design';
import { createLambdaContext } from './lambda-context';
import { describeStartupFailure } from './local-runtime-error';
import type { LocalSettings } from './settings';
import { startStreamPoller } from './stream-poller';
import type { Teardown } from './teardown';
import type { UsageRecorder } from './usage-recorder';

const matchesFilter = (record: DynamoDBRecord): boolean => {
  if (record.eventName === 'REMOVE') return false;
  const keys = record.dynamodb?.Keys ? unmarshall(record.dynamodb.Keys as Record<string, AttributeValue>) : {};
  return isBacklogTotals(keys) || deskBacklogCommunity(keys) !== undefined || (record.eventName === 'MODIFY' && unreadCounterMember(keys) !== undefined);
};

export async function startLivePollers(
  settings: LocalSettings,
  target: { readonly client: DynamoDBStreamsClient; readonly streamArn: string },
  usage: UsageRecorder,
  teardown: Teardown,
): Promise<void> {
  // The handler loads once the environment is set: its composition reads it.
  const { handler } = await import('../lambdas/handlers/live-queue-counts');
  const source = liveDesign.queueCountsSource;
  const poller = await startStreamPoller({
    client: target.client,
    streamArn: target.streamArn,
    // Counts are state, not history: a restarted runtime pushes the next change, not the past ones.
    startingPosition: 'LATEST',
    batchSize: source.batchSize,
    maxBatchingWindowMs: source.maxBatchingWindowSeconds * 1000,
    maxRetryAttempts: source.retryAttempts,
    context: () => createLambdaContext({ functionName: 'chorus-live-queue-counts', region: settings.region, accountId: '000000000000', timeoutMs: 10_000 }),
    handler: async (event, context) => {
      const records = event.Records.filter(matchesFilter);
      if (records.length === 0) return undefined;
      await usage.recordPipelineInvocation('live-queue-counts', () => handler({ Records: records }, context));
      return undefined;
    },
    onError: (error) => settings.logger.error(`live-queue-counts: ${describeStartupFailure(error)}`),
  });
  teardown.add(() => poller.stop());
}
