/**
 * The local stand-in for a DynamoDB stream event source mapping: reads the table's stream on
 * DynamoDB Local shard by shard, gathers up to `batchSize` records (or what arrived within
 * `maxBatchingWindowMs` of the first), invokes the handler with a DynamoDB stream event, and honours
 * ReportBatchItemFailures: the first failed record and everything after it are delivered again,
 * in order, up to `maxRetryAttempts` times (then skipped, as the mapping would after its retries).
 */
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, type DynamoDBStreamsClient, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { failedItems, pause, startPollLoop, type Poller } from './poll-loop';

export interface StreamPollerOptions {
  readonly client: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly batchSize: number;
  readonly maxBatchingWindowMs: number;
  /** Where to start in shards that exist when the poller starts (new shards start at their beginning). */
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly maxRetryAttempts: number;
  readonly handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | undefined>;
  readonly context: () => Context;
  readonly onError?: (error: unknown) => void;
  /** Pause between polls of an idle stream. @default 100 */
  readonly idleMs?: number;
  /**
   * Where delivery got to in each shard, kept across restarts (as the event source mapping keeps
   * its position): a shard with a saved position resumes right after it. @default none
   */
  readonly checkpoint?: StreamCheckpoint;
}

export interface StreamCheckpoint {
  /** Last delivered sequence number by shard id. */
  readonly positions: Readonly<Record<string, string>>;
  save(shardId: string, sequenceNumber: string): void;
}

interface ShardState {
  iterator: string | undefined;
  closed: boolean;
  lastSequence: string | undefined;
  buffer: DynamoDBRecord[];
  firstBufferedAt: number;
  attempts: number;
}

const toLambdaRecord = (record: _Record, streamArn: string): DynamoDBRecord =>
  ({
    ...record,
    eventSourceARN: streamArn,
    dynamodb: {
      ...record.dynamodb,
      ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
        ? Math.floor(new Date(record.dynamodb.ApproximateCreationDateTime).getTime() / 1000)
        : undefined,
    },
  }) as DynamoDBRecord;

/** Resolves once the poller holds an iterator on every current shard (writes after that are seen). */
export async function startStreamPoller(options: StreamPollerOptions): Promise<Poller> {
  const shards = new Map<string, ShardState>();
  let lastDescribe = 0;

  const discover = async (initial: boolean): Promise<void> => {
    const { StreamDescription } = await options.client.send(new DescribeStreamCommand({ StreamArn: options.streamArn }));
    lastDescribe = Date.now();
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      const saved = options.checkpoint?.positions[shard.ShardId];
      const position = initial ? options.startingPosition : 'TRIM_HORIZON';
      const { ShardIterator } = await options.client
        .send(
          new GetShardIteratorCommand({
            StreamArn: options.streamArn,
            ShardId: shard.ShardId,
            ...(saved ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: saved } : { ShardIteratorType: position }),
          }),
        )
        // A saved position older than the stream's retention: start from what is left.
        .catch((error: Error) => {
          if (!saved || error.name !== 'TrimmedDataAccessException') throw error;
          return options.client.send(new GetShardIteratorCommand({ StreamArn: options.streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
        });
      shards.set(shard.ShardId, { iterator: ShardIterator, closed: !ShardIterator, lastSequence: undefined, buffer: [], firstBufferedAt: 0, attempts: 0 });
    }
  };

  const read = async (shardId: string, state: ShardState): Promise<void> => {
    if (!state.iterator || state.buffer.length >= options.batchSize) return;
    try {
      const result = await options.client.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: options.batchSize - state.buffer.length }));
      state.iterator = result.NextShardIterator;
      if (!state.iterator) state.closed = true;
      const records = result.Records ?? [];
      if (records.length > 0 && state.buffer.length === 0) state.firstBufferedAt = Date.now();
      for (const record of records) {
        state.buffer.push(toLambdaRecord(record, options.streamArn));
        state.lastSequence = record.dynamodb?.SequenceNumber;
      }
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException') throw error;
      // Expired: resume where we were. Trimmed (the records are gone): resume at the oldest left.
      const resume = name === 'ExpiredIteratorException' && state.lastSequence;
      const { ShardIterator } = await options.client.send(
        new GetShardIteratorCommand({
          StreamArn: options.streamArn,
          ShardId: shardId,
          ...(resume ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.lastSequence } : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      state.iterator = ShardIterator;
    }
  };

  const deliver = async (shardId: string, state: ShardState): Promise<void> => {
    const batch = state.buffer.slice(0, options.batchSize);
    const failed = await failedItems(() => options.handler({ Records: batch }, options.context()), options.onError);
    // Records after the first failure are delivered again too, in order (as the mapping does).
    const failedAt = (id: string) =>
      Math.max(
        0,
        batch.findIndex((r) => r.dynamodb?.SequenceNumber === id),
      );
    const failedFrom = failed === 'all' ? 0 : failed.size === 0 ? batch.length : Math.min(...[...failed].map(failedAt));
    if (failedFrom < batch.length) {
      state.attempts += 1;
      if (state.attempts <= options.maxRetryAttempts) {
        state.buffer.splice(0, failedFrom);
        await pause(Math.min(1000, 50 * 2 ** state.attempts));
        return;
      }
      options.onError?.(new Error(`stream records from ${batch[failedFrom]?.dynamodb?.SequenceNumber} skipped after ${options.maxRetryAttempts} retries`));
    }
    state.attempts = 0;
    state.buffer.splice(0, batch.length);
    const delivered = batch.at(-1)?.dynamodb?.SequenceNumber;
    if (delivered) options.checkpoint?.save(shardId, delivered);
    if (state.buffer.length > 0) state.firstBufferedAt = Date.now();
  };

  await discover(true);

  return startPollLoop({
    poll: async (isStopping) => {
      if (Date.now() - lastDescribe > 1000) await discover(false);
      let busy = false;
      for (const [shardId, state] of shards) {
        if (isStopping()) break;
        await read(shardId, state);
        const due =
          state.buffer.length >= options.batchSize ||
          (state.buffer.length > 0 && (state.closed || Date.now() - state.firstBufferedAt >= options.maxBatchingWindowMs));
        if (due) {
          await deliver(shardId, state);
          busy = true;
        }
        if (state.closed && state.buffer.length === 0) shards.set(shardId, { ...state, iterator: undefined });
      }
      return busy ? 'busy' : 'idle';
    },
    idleMs: options.idleMs ?? 100,
    onError: options.onError,
  });
}
