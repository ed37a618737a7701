/**
 * Bench-only instrumentation of SQS: the producers create their SQSClient inside their composition
 * (lambdas/analytics/publisher-composition.ts), out of the benchmark's reach, so every SQSClient's
 * `send` in this process is wrapped instead. Records each call's input, time and what SQS bills for
 * it: one request per call, and one more per further 64 KB of payload (a batch of ten small messages
 * is one request). Runtime code never loads this module.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import * as sqs from '@aws-sdk/client-sqs';

export interface RecordedSqsCall {
  readonly command: string;
  readonly input: Record<string, unknown>;
  readonly ms: number;
  /** Message bodies (and attributes) sent, in bytes. */
  readonly payloadBytes: number;
  /** Requests SQS bills: one per started 64 KB of payload, at least one per call. */
  readonly billedRequests: number;
}

export interface SqsRecorder {
  /** Calls recorded since the last take(), oldest first; clears the record. */
  take(): RecordedSqsCall[];
  /** Sends the recorded SendMessageBatch calls again on `raw`, in order: their summed time in ms. */
  replay(calls: readonly RecordedSqsCall[], raw: SQSClient): Promise<number>;
}

const CHUNK = 64 * 1024;

/** Bytes of the messages an SQS input carries (SendMessage, SendMessageBatch). */
export function payloadBytesOf(input: Record<string, unknown>): number {
  const bodies = Array.isArray(input.Entries) ? (input.Entries as { MessageBody?: string }[]).map((e) => e.MessageBody ?? '') : typeof input.MessageBody === 'string' ? [input.MessageBody] : [];
  return bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);
}

export const billedSqsRequests = (payloadBytes: number): number => Math.max(1, Math.ceil(payloadBytes / CHUNK));

const COMMANDS = sqs as unknown as Record<string, new (input: unknown) => sqs.SendMessageBatchCommand>;

/** Wraps SQSClient.prototype.send; calls made on `ignore` (the benchmark's own raw client) are not recorded. */
export function installSqsRecorder(ignore: SQSClient): SqsRecorder {
  let recorded: RecordedSqsCall[] = [];
  const send = SQSClient.prototype.send as (this: SQSClient, command: { input: unknown; constructor: { name: string } }) => Promise<unknown>;
  (SQSClient.prototype as unknown as { send: typeof send }).send = async function (this: SQSClient, command) {
    if (this === ignore) return send.call(this, command);
    const started = performance.now();
    try {
      return await send.call(this, command);
    } finally {
      const input = command.input as Record<string, unknown>;
      const payloadBytes = payloadBytesOf(input);
      recorded.push({ command: command.constructor.name, input, ms: performance.now() - started, payloadBytes, billedRequests: billedSqsRequests(payloadBytes) });
    }
  };
  return {
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
