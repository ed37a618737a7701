/**
 * Records, as the local runtime serves, the usage figures AWS would bill and CloudWatch would
 * publish: each invocation (function, route, duration, caller, status) with the DynamoDB units its
 * calls consumed, SQS calls and the messages they carried, and objects written to the lake. Lines
 * are appended to <data dir>/usage.jsonl (lambdas/finance/usage-records.ts), so a report works
 * after a session or a load run, and across restarts.
 *
 * Local runtime only: Lambda code never loads this. The DynamoDB units come from a middleware on
 * the handlers' shared client (lambdas/store/dynamo-client.ts) that asks for ReturnConsumedCapacity,
 * the way the benchmark's recorder does (bench/dynamo-recorder.ts, whose unit counting is reused);
 * SQS and S3 clients are created inside the handlers' compositions, so their `send` is wrapped.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { unitsOf } from '../bench/dynamo-recorder';
import type { InvocationRecord, UsageRecord } from '../lambdas/finance/usage-records';

/** Memory of each function as the stack configures it (lib/constructs): 1024 MB unless set otherwise. */
export const LOCAL_FUNCTION_MEMORY_MB: Readonly<Record<string, number>> = { publisher: 512 };
const DEFAULT_MEMORY_MB = 1024;
const memoryOf = (fn: string): number => LOCAL_FUNCTION_MEMORY_MB[fn] ?? DEFAULT_MEMORY_MB;

const SQS_CHUNK = 64 * 1024;

export interface InvocationCall {
  readonly functionName: string;
  readonly operationId: string;
  readonly memberId?: string;
}

export interface UsageRecorder {
  readonly file: string;
  /** Runs one HTTP invocation, recording it with the DynamoDB units its calls consume. */
  recordInvocation<T>(call: InvocationCall, run: () => Promise<T>): Promise<T>;
  /** Runs one invocation of a pipeline function (no API route), recording its duration and units. */
  recordPipelineInvocation<T>(functionName: string, run: () => Promise<T>): Promise<T>;
  /** Removes the SQS and S3 wrappers. The DynamoDB middleware stays with its client. */
  stop(): void;
}

interface Open {
  read: number;
  write: number;
}

type Send = (this: unknown, command: { input: unknown; constructor: { name: string } }) => Promise<unknown>;

/** Decisions an invocation made, read from its response (decideItem: 200; decideItems: results that succeeded). */
function decisionsOf(operationId: string, result: unknown): number | undefined {
  const response = result as { statusCode?: number; body?: string } | undefined;
  if (operationId === 'decideItem') return response?.statusCode === 200 ? 1 : 0;
  if (operationId !== 'decideItems' || response?.statusCode !== 200 || !response.body) return undefined;
  try {
    const body = JSON.parse(response.body) as { results?: { status?: number }[] };
    return (body.results ?? []).filter((r) => r.status === 200).length;
  } catch {
    return undefined;
  }
}

export function installUsageRecorder(options: { readonly file: string; readonly dynamoClient: DynamoDBClient }): UsageRecorder {
  mkdirSync(dirname(options.file), { recursive: true });
  const write = (record: UsageRecord) => appendFileSync(options.file, `${JSON.stringify(record)}\n`);
  const current = new AsyncLocalStorage<Open>();

  options.dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const command = String((context as { commandName?: string }).commandName);
      const units = unitsOf(command, (result.output as { ConsumedCapacity?: Parameters<typeof unitsOf>[1] }).ConsumedCapacity);
      const open = current.getStore();
      if (open) {
        open.read += units.read;
        open.write += units.write;
      } else if (units.read + units.write > 0) write({ k: 'dynamodb', t: new Date().toISOString(), read: units.read, write: units.write });
      return result;
    },
    { step: 'initialize', name: 'chorusLocalUsage', override: true },
  );

  const sqsSend = SQSClient.prototype.send as unknown as Send;
  (SQSClient.prototype as unknown as { send: Send }).send = async function (command) {
    const output = (await sqsSend.call(this, command)) as { Messages?: unknown[]; Successful?: unknown[] };
    const input = command.input as { Entries?: { MessageBody?: string }[]; MessageBody?: string };
    const bodies = input.Entries?.map((e) => e.MessageBody ?? '') ?? (typeof input.MessageBody === 'string' ? [input.MessageBody] : []);
    const bytes = bodies.reduce((s, b) => s + Buffer.byteLength(b), 0);
    const op = command.constructor.name.replace(/Command$/, '');
    write({
      k: 'sqs',
      t: new Date().toISOString(),
      op,
      requests: Math.max(1, Math.ceil(bytes / SQS_CHUNK)),
      ...(op.startsWith('SendMessage') ? { sent: op === 'SendMessageBatch' ? (output.Successful?.length ?? 0) : 1 } : {}),
      ...(op === 'ReceiveMessage' ? { received: output.Messages?.length ?? 0 } : {}),
    });
    return output;
  };

  const s3Send = S3Client.prototype.send as unknown as Send;
  (S3Client.prototype as unknown as { send: Send }).send = async function (command) {
    const output = await s3Send.call(this, command);
    const op = command.constructor.name.replace(/Command$/, '');
    if (op === 'PutObject') {
      const body = (command.input as { Body?: unknown }).Body;
      const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : 0;
      write({ k: 's3', t: new Date().toISOString(), op, bytes });
    }
    return output;
  };

  return {
    file: options.file,
    async recordInvocation(call, run) {
      const t = new Date().toISOString();
      const open: Open = { read: 0, write: 0 };
      const started = performance.now();
      let status = 500;
      let result: unknown;
      try {
        result = await current.run(open, run);
        status = (result as { statusCode?: number } | undefined)?.statusCode ?? 200;
        return result as Awaited<ReturnType<typeof run>>;
      } finally {
        const decisions = decisionsOf(call.operationId, result);
        const record: InvocationRecord = {
          k: 'invocation',
          t,
          fn: call.functionName,
          mb: memoryOf(call.functionName),
          ms: Math.round((performance.now() - started) * 1000) / 1000,
          op: call.operationId,
          status,
          ...(call.memberId ? { member: call.memberId } : {}),
          read: open.read,
          write: open.write,
          ...(decisions ? { decisions } : {}),
        };
        write(record);
      }
    },
    async recordPipelineInvocation(functionName, run) {
      const t = new Date().toISOString();
      const open: Open = { read: 0, write: 0 };
      const started = performance.now();
      try {
        return await current.run(open, run);
      } finally {
        write({ k: 'invocation', t, fn: functionName, mb: memoryOf(functionName), ms: Math.round((performance.now() - started) * 1000) / 1000, read: open.read, write: open.write });
      }
    },
    stop() {
      (SQSClient.prototype as unknown as { send: Send }).send = sqsSend;
      (S3Client.prototype as unknown as { send: Send }).send = s3Send;
    },
  };
}
