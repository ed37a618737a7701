/**
 * The local runtime's usage recording: one JSON object per line (.data/usage.jsonl), appended as
 * it serves. `aggregateRecords` turns a period's lines into MeteredUsage. Pure: the local runtime
 * writes the lines (local/usage-recorder.ts), the file source reads them (local-usage-source.ts).
 */
import type { CommunityUsage, FunctionUsage, MeteredUsage, Period, RouteUsage } from './usage';

/** One function invocation. HTTP invocations carry the route, the caller, the status and the DynamoDB units of their calls. */
export interface InvocationRecord {
  readonly k: 'invocation';
  /** ISO time the invocation started. */
  readonly t: string;
  readonly fn: string;
  readonly mb: number;
  /** Duration in ms; absent for the pipeline functions, whose pollers are timed by no hook. */
  readonly ms?: number;
  readonly op?: string;
  readonly status?: number;
  readonly member?: string;
  readonly read?: number;
  readonly write?: number;
  /** The community the request served: its path or query names it, or its answer does. */
  readonly community?: string;
  /** Moderation decisions the invocation made (decideItem: 1, decideItems: the ones that succeeded). */
  readonly decisions?: number;
}

/** DynamoDB units consumed outside any invocation (none in normal use; kept so totals stay whole). */
export interface DynamoRecord {
  readonly k: 'dynamodb';
  readonly t: string;
  readonly read: number;
  readonly write: number;
}

/** One SQS API call: messages it carried and requests it bills. */
export interface QueueRecord {
  readonly k: 'sqs';
  readonly t: string;
  readonly op: string;
  readonly sent?: number;
  readonly received?: number;
  readonly requests: number;
}

/** One object written to the lake. */
export interface LakeRecord {
  readonly k: 's3';
  readonly t: string;
  readonly op: string;
  readonly bytes: number;
}

/** A WebSocket frame in or out (`messages`: billed 32 KB chunks), or a socket closed after `connectionMs`. */
export interface LiveRecord {
  readonly k: 'websocket';
  readonly t: string;
  readonly messages?: number;
  readonly connectionMs?: number;
}

export type UsageRecord = InvocationRecord | DynamoRecord | QueueRecord | LakeRecord | LiveRecord;

/** Parses JSON lines, skipping blank and unreadable ones (a line cut short by a crash). */
export function parseRecords(text: string): UsageRecord[] {
  const out: UsageRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line) as UsageRecord;
      if (record && typeof record.t === 'string' && typeof record.k === 'string') out.push(record);
    } catch {
      // A partial last line after a crash: skipped, the rest still counts.
    }
  }
  return out;
}

export const LOCAL_SOURCE = "the local runtime's recording (invocations, DynamoDB Local consumed capacity, fauxqs SQS and S3 calls)";

/** MeteredUsage of the records in [from, to). */
export function aggregateRecords(records: readonly UsageRecord[], period: Period, source = LOCAL_SOURCE): MeteredUsage {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const inPeriod = (r: UsageRecord) => {
    const t = Date.parse(r.t);
    return t >= from && t < to;
  };
  const functions = new Map<string, { memoryMb: number; invocations: number; durationMs: number }>();
  const routes = new Map<string, { operationId: string; group: string; requests: number; durationMs: number; readUnits: number; writeUnits: number }>();
  const members = new Set<string>();
  const communities = new Map<string, { requests: number; gbSeconds: number; readUnits: number; writeUnits: number }>();
  let apiRequests = 0;
  let readUnits = 0;
  let writeUnits = 0;
  let postsCreated = 0;
  let decisions = 0;
  let untimed = 0;
  const queue = { messagesSent: 0, messagesReceived: 0, requests: 0 };
  let putRequests = 0;
  let bytesWritten = 0;
  let storedBytes = 0;
  let objects = 0;
  const live = { messages: 0, connectionMinutes: 0 };

  for (const r of records) {
    // The lake keeps what was written before the period too: storage counts everything up to its end.
    if (r.k === 's3' && Date.parse(r.t) < to) {
      storedBytes += r.bytes;
      objects += 1;
    }
    if (!inPeriod(r)) continue;
    switch (r.k) {
      case 'invocation': {
        const fn = functions.get(r.fn) ?? { memoryMb: r.mb, invocations: 0, durationMs: 0 };
        fn.invocations += 1;
        fn.durationMs += r.ms ?? 0;
        if (r.ms === undefined) untimed += 1;
        functions.set(r.fn, fn);
        readUnits += r.read ?? 0;
        writeUnits += r.write ?? 0;
        if (r.op) {
          apiRequests += 1;
          const route = routes.get(r.op) ?? { operationId: r.op, group: r.fn, requests: 0, durationMs: 0, readUnits: 0, writeUnits: 0 };
          route.requests += 1;
          route.durationMs += r.ms ?? 0;
          route.readUnits += r.read ?? 0;
          route.writeUnits += r.write ?? 0;
          routes.set(r.op, route);
          if (r.member) members.add(r.member);
          if (r.community) {
            const c = communities.get(r.community) ?? { requests: 0, gbSeconds: 0, readUnits: 0, writeUnits: 0 };
            c.requests += 1;
            c.gbSeconds += ((r.ms ?? 0) / 1000) * (r.mb / 1024);
            c.readUnits += r.read ?? 0;
            c.writeUnits += r.write ?? 0;
            communities.set(r.community, c);
          }
          if (r.op === 'createPost' && r.status === 201) postsCreated += 1;
          decisions += r.decisions ?? 0;
        }
        break;
      }
      case 'dynamodb':
        readUnits += r.read;
        writeUnits += r.write;
        break;
      case 'sqs':
        queue.messagesSent += r.sent ?? 0;
        queue.messagesReceived += r.received ?? 0;
        queue.requests += r.requests;
        break;
      case 's3':
        putRequests += 1;
        bytesWritten += r.bytes;
        break;
      case 'websocket':
        live.messages += r.messages ?? 0;
        live.connectionMinutes += (r.connectionMs ?? 0) / 60_000;
        break;
    }
  }

  const notes = [
    'Requests the local API Gateway answers itself (no route, no token, CORS preflight) are not recorded; API Gateway bills them, except preflights and 401s on a JWT authorizer.',
    'No Athena locally: the lake is queried with DuckDB, so queries cost nothing here.',
  ];
  if (untimed > 0)
    notes.push(
      `${untimed} pipeline invocations (publisher, archiver) were recorded without a duration (by a local runtime older than this report), so their GB-seconds are missing.`,
    );
  const recorded = { source: 'recorded invocations' };
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    source,
    apiRequests,
    functions: [...functions].map(([name, f]): FunctionUsage => ({ name, ...f })).sort((a, b) => a.name.localeCompare(b.name)),
    routes: [...routes.values()].map((r): RouteUsage => r).sort((a, b) => a.operationId.localeCompare(b.operationId)),
    byCommunity: [...communities].map(([communityId, c]): CommunityUsage => ({ communityId, ...c })).sort((a, b) => a.communityId.localeCompare(b.communityId)),
    dynamoDb: { readUnits, writeUnits },
    queue: { ...queue, requestsBasis: 'SQS calls recorded, one request per 64 KB of payload' },
    lake: { putRequests, putBasis: 'PutObject calls recorded', bytesWritten, storedBytes, objects },
    queries: { queries: 0, bytesScanned: 0 },
    live: { ...live, basis: 'frames sent and received on the local WebSocket API (per 32 KB), minutes of sockets that closed' },
    activity: {
      postsCreated: { value: postsCreated, source: `${recorded.source} of POST .../posts answered 201` },
      activeMembers: { value: members.size, source: 'distinct token subjects in recorded invocations' },
      moderationDecisions: { value: decisions, source: 'recorded decisions (decideItem, decideItems) that succeeded' },
    },
    notes,
  };
}
