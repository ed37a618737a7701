/**
 * Bench-only instrumentation of SQS clients: the producers' shared client
 * (lambdas/analytics/sqs-client.ts) and the archiver poller's. Records each call's input, time and
 * what SQS bills for it: one request per call, and one more per further 64 KB of payload, sent or
 * received (a batch of ten small messages is one request). The middleware and the counting are the local runtime's
 * (local/sdk-calls.ts, local/billed-usage.ts). Runtime code never loads this module.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import * as sqs from '@aws-sdk/client-sqs';
import { billedSqsRequests, payloadBytesOf } from '../local/billed-usage';
import { recordSdkCalls } from '../local/sdk-calls';

export interface RecordedSqsCall {
  readonly command: string;
  readonly input: Record<string, unknown>;
  readonly ms: number;
  /** Message bodies sent (a receive: returned), in bytes. */
  readonly payloadBytes: number;
  /** Requests SQS bills: one per started 64 KB of payload, at least one per call. */
  readonly billedRequests: number;
  /** A receive: the messages it returned. */
  readonly messages?: number;
}

export interface SqsRecorder {
  /** Starts recording the calls of one more client (the benchmark's own raw client is never given). */
  watch(client: SQSClient): void;
  /** Calls recorded since the last take(), oldest first; clears the record. */
  take(): RecordedSqsCall[];
  /** Sends the recorded SendMessageBatch calls again on `raw`, in order: their summed time in ms. */
  replay(calls: readonly RecordedSqsCall[], raw: SQSClient): Promise<number>;
}

const receivedBytesOf = (output: Record<string, unknown> | undefined): number =>
  ((output?.Messages as { Body?: string }[] | undefined) ?? []).reduce((sum, m) => sum + Buffer.byteLength(m.Body ?? ''), 0);

const COMMANDS = sqs as unknown as Record<string, new (input: unknown) => sqs.SendMessageBatchCommand>;

/** Records the calls of `clients`, failed ones included. */
export function installSqsRecorder(...clients: SQSClient[]): SqsRecorder {
  let recorded: RecordedSqsCall[] = [];
  const watch = (client: SQSClient) =>
    recordSdkCalls(client, { name: 'chorusBenchSqsRecorder' }, ({ command, input, output, ms }) => {
      // A receive is billed by the payload it returns, like a send by the payload it carries.
      const payloadBytes = command === 'ReceiveMessageCommand' ? receivedBytesOf(output) : payloadBytesOf(input);
      const received = command === 'ReceiveMessageCommand' ? { messages: ((output?.Messages as unknown[] | undefined) ?? []).length } : {};
      recorded.push({ command, input, ms, payloadBytes, billedRequests: billedSqsRequests(payloadBytes), ...received });
    });
  for (const client of clients) watch(client);
  return {
    watch,
    take() {
      const out = recorded;
      recorded = [];
      return out;
    },
    async replay(calls, raw) {
      let ms = 0;
      for (const call of calls) {
        if (call.command !== 'SendMessageBatchCommand') continue;
        const t0 = performance.now();
        await raw.send(new COMMANDS[call.command]!(call.input));
        ms += performance.now() - t0;
      }
      return ms;
    },
  };
}
