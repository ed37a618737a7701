/**
 * Records, as the local runtime serves, the usage figures AWS would bill and CloudWatch would
 * publish: each invocation (function, route, duration, caller, status) with the DynamoDB units its
 * calls consumed, SQS calls and the messages they carried, and objects written to the lake. Lines
 * are appended to <data dir>/usage.jsonl (lambdas/finance/usage-records.ts), so a report works
 * after a session or a load run, and across restarts.
 *
 * Local runtime only: Lambda code never loads this. It watches the clients it is given through
 * their middleware stacks (sdk-calls.ts) and counts as the benchmark does (billed-usage.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InvocationRecord, UsageRecord } from '../lambdas/finance/usage-records';
import { billedSqsRequests, payloadBytesOf, putObjectBytes, unitsOfOutput } from './billed-usage';
import { askForConsumedCapacity, recordSdkCalls, type InstrumentableClient, type SdkCall } from './sdk-calls';

/** Memory of each function as the stack configures it (lib/constructs): 1024 MB unless set otherwise. */
export const LOCAL_FUNCTION_MEMORY_MB: Readonly<Record<string, number>> = { publisher: 512, 'live-authorizer': 256, live: 256, 'live-queue-counts': 256 };
const DEFAULT_MEMORY_MB = 1024;
const memoryOf = (fn: string): number => LOCAL_FUNCTION_MEMORY_MB[fn] ?? DEFAULT_MEMORY_MB;
const MIDDLEWARE = 'chorusLocalUsage';

export interface InvocationCall {
  readonly functionName: string;
  readonly operationId: string;
  readonly memberId?: string;
  /** The community its path or query names; else the one its answer names, if any. */
  readonly communityId?: string;
}

/** The clients whose calls AWS would bill: the handlers' and the pollers' (the event source mappings poll on the bill too). */
export interface RecordedClients {
  readonly dynamodb: readonly InstrumentableClient[];
  readonly sqs: readonly InstrumentableClient[];
  readonly s3: readonly InstrumentableClient[];
}

export interface UsageRecorder {
  readonly file: string;
  /** Runs one HTTP invocation, recording it with the DynamoDB units its calls consume. */
  recordInvocation<T>(call: InvocationCall, run: () => Promise<T>): Promise<T>;
  /** Runs one invocation of a pipeline function (no API route), recording its duration and units. */
  recordPipelineInvocation<T>(functionName: string, run: () => Promise<T>): Promise<T>;
  /** One WebSocket frame of `bytes`, in or out (API Gateway bills each 32 KB of a message as one). */
  recordLiveMessage(bytes: number): void;
  /** A socket that was open for `ms` (API Gateway bills connection minutes). */
  recordLiveConnection(ms: number): void;
  /** Takes the middlewares off the clients. */
  stop(): void;
}

const WEBSOCKET_MESSAGE_CHUNK = 32 * 1024;

interface Open {
  read: number;
  write: number;
}

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

/** The community an answer names at its top level (a post, a comment, a moderation item), if any. */
function communityOfAnswer(result: unknown): string | undefined {
  const body = (result as { body?: unknown } | undefined)?.body;
  if (typeof body !== 'string' || !body.includes('"communityId"')) return undefined;
  try {
    const communityId = (JSON.parse(body) as { communityId?: unknown }).communityId;
    return typeof communityId === 'string' ? communityId : undefined;
  } catch {
    return undefined;
  }
}

function queueRecord({ command, input, output }: SdkCall): UsageRecord {
  const op = command.replace(/Command$/, '');
  return {
    k: 'sqs',
    t: new Date().toISOString(),
    op,
    requests: billedSqsRequests(payloadBytesOf(input)),
    ...(op.startsWith('SendMessage') ? { sent: op === 'SendMessageBatch' ? ((output?.Successful as unknown[] | undefined)?.length ?? 0) : 1 } : {}),
    ...(op === 'ReceiveMessage' ? { received: (output?.Messages as unknown[] | undefined)?.length ?? 0 } : {}),
  };
}

export function installUsageRecorder(options: { readonly file: string; readonly clients: RecordedClients }): UsageRecorder {
  mkdirSync(dirname(options.file), { recursive: true });
  const write = (record: UsageRecord) => appendFileSync(options.file, `${JSON.stringify(record)}\n`);
  const current = new AsyncLocalStorage<Open>();
  const removals: (() => void)[] = [];
  const watch = (client: InstrumentableClient, record: (call: SdkCall) => void) => removals.push(recordSdkCalls(client, { name: MIDDLEWARE }, record));

  for (const client of options.clients.dynamodb) {
    removals.push(askForConsumedCapacity(client, `${MIDDLEWARE}Capacity`));
    watch(client, ({ command, output }) => {
      const units = unitsOfOutput(command, output);
      const open = current.getStore();
      if (open) {
        open.read += units.read;
        open.write += units.write;
      } else if (units.read + units.write > 0) write({ k: 'dynamodb', t: new Date().toISOString(), read: units.read, write: units.write });
    });
  }
  // A failed call has no output to count messages from: only answered calls are recorded.
  for (const client of options.clients.sqs) {
    watch(client, (call) => {
      if (!call.error) write(queueRecord(call));
    });
  }
  for (const client of options.clients.s3) {
    watch(client, ({ command, input, error }) => {
      if (command === 'PutObjectCommand' && !error) write({ k: 's3', t: new Date().toISOString(), op: 'PutObject', bytes: putObjectBytes(input) });
    });
  }

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
          ms: msSince(started),
          op: call.operationId,
          status,
          ...(call.memberId ? { member: call.memberId } : {}),
          ...((community) => (community ? { community } : {}))(call.communityId ?? communityOfAnswer(result)),
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
        write({ k: 'invocation', t, fn: functionName, mb: memoryOf(functionName), ms: msSince(started), read: open.read, write: open.write });
      }
    },
    recordLiveMessage(bytes) {
      write({ k: 'websocket', t: new Date().toISOString(), messages: Math.max(1, Math.ceil(bytes / WEBSOCKET_MESSAGE_CHUNK)) });
    },
    recordLiveConnection(ms) {
      write({ k: 'websocket', t: new Date().toISOString(), connectionMs: Math.round(ms) });
    },
    stop() {
      for (const remove of removals.splice(0)) remove();
    },
  };
}

const msSince = (started: number): number => Math.round((performance.now() - started) * 1000) / 1000;
