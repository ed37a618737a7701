/**
 * A month of a workload profile (pricing/profiles.json) as MeteredUsage, so the same report prices
 * it: requests per active member by route, at the per-route duration and DynamoDB units measured by
 * the benchmark (bench/results.json); the analytics pipeline from the events those requests make.
 * Every figure it assumes is returned as a sentence, printed beside the projection.
 */
import type { MeteredUsage } from './usage';

export interface WorkloadProfile {
  readonly members: number;
  readonly monthlyActiveShare: number;
  readonly requestsPerActiveMember: Readonly<Record<string, number>>;
  readonly clientEventsPerActiveMember: number;
  readonly clientEventsPerRequest: number;
  readonly moderationDecisionsPerPost: number;
  readonly publisherRecordsPerInvocation: number;
  readonly publisherMsPerInvocation: number;
  readonly eventsPerLakeObject: number;
  readonly archiverMsPerInvocation: number;
  readonly lakeBytesPerEvent: number;
  readonly athenaQueriesPerMonth: number;
  readonly athenaMbScannedPerQuery: number;
  /** Live sockets a month per active member (app starts, reconnects after 2 hours); with the three below, or none of them. */
  readonly liveConnectionsPerActiveMember?: number;
  /** Minutes those sockets are open in a month. */
  readonly liveConnectionMinutesPerActiveMember?: number;
  /** Frames in and out (notifications, counts, pings) a month. */
  readonly liveMessagesPerActiveMember?: number;
  /** Each socket invocation ($connect authorizer, $connect, $disconnect). */
  readonly liveMsPerInvocation?: number;
}

/** Each socket: the authorizer, $connect and $disconnect; its items: one put and one delete under the member (1 WRU each). */
const LIVE_INVOCATIONS_PER_CONNECTION = { 'live-authorizer': 1, live: 2 } as const;
const LIVE_WRITE_UNITS_PER_CONNECTION = 2;
const LIVE_MEMORY_MB = 256;

/** The live part of a profile, or none when it has no live figures. */
function liveUsage(profile: WorkloadProfile, active: number) {
  const { liveConnectionsPerActiveMember: connections, liveConnectionMinutesPerActiveMember: minutes, liveMessagesPerActiveMember: messages } = profile;
  if (connections === undefined || minutes === undefined || messages === undefined) return undefined;
  const ms = profile.liveMsPerInvocation ?? 0;
  return {
    live: { messages: messages * active, connectionMinutes: minutes * active, basis: 'profile: frames and socket minutes per active member' },
    functions: Object.entries(LIVE_INVOCATIONS_PER_CONNECTION).map(([name, perConnection]) => ({
      name,
      memoryMb: LIVE_MEMORY_MB,
      invocations: perConnection * connections * active,
      durationMs: perConnection * connections * active * ms,
    })),
    writeUnits: LIVE_WRITE_UNITS_PER_CONNECTION * connections * active,
    assumption: `live updates: ${connections} sockets, ${minutes} connection minutes and ${messages} frames per active member a month; each socket an authorizer, a $connect and a $disconnect invocation of ${ms} ms at ${LIVE_MEMORY_MB} MB and ${LIVE_WRITE_UNITS_PER_CONNECTION} write units (notifier pushes are the notifier's)`,
  };
}

/** One route as the benchmark measured it (bench/results.json `routes`). */
export interface MeasuredRoute {
  readonly operationId: string;
  readonly group: string;
  readonly handlerMedianMs: number;
  readonly readUnits: number;
  readonly writeUnits: number;
}

export interface ProfileMeasurements {
  readonly routes: readonly MeasuredRoute[];
  /** Memory the routes were measured and are deployed at. */
  readonly lambdaMemoryMb: number;
  /** When the benchmark ran. */
  readonly measuredAt: string;
}

/** A 30-day month: April, so the report's month-end projection is the month itself. */
export const PROFILE_MONTH = { from: new Date('2026-04-01T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z') };
/** The event source mapping receives, and deletes, messages in tens. */
const SQS_BATCH = 10;
const PUBLISHER_MEMORY_MB = 512;

export function profileUsage(name: string, profile: WorkloadProfile, measured: ProfileMeasurements): { usage: MeteredUsage; assumptions: string[] } {
  const byId = new Map<string, MeasuredRoute>();
  for (const route of measured.routes) if (!byId.has(route.operationId)) byId.set(route.operationId, route);
  const active = profile.members * profile.monthlyActiveShare;
  const requests: Record<string, number> = Object.fromEntries(
    Object.entries(profile.requestsPerActiveMember).map(([op, perMember]) => [op, perMember * active]),
  );
  const clientEvents = profile.clientEventsPerActiveMember * active;
  requests.recordEvents = clientEvents / profile.clientEventsPerRequest;
  const posts = requests.createPost ?? 0;
  const decisions = posts * profile.moderationDecisionsPerPost;
  // Each decision is a claim and a decision.
  requests.claimNextItem = (requests.claimNextItem ?? 0) + decisions;
  requests.decideItem = (requests.decideItem ?? 0) + decisions;

  const missing = Object.keys(requests).filter((op) => !byId.has(op));
  if (missing.length > 0)
    throw new Error(
      `profile ${name} uses routes the benchmark has not measured: ${missing.join(', ')} (run npm run bench, or drop them from pricing/profiles.json)`,
    );

  const routes = Object.entries(requests).map(([op, count]) => {
    const m = byId.get(op)!;
    return {
      operationId: op,
      group: m.group,
      requests: count,
      durationMs: count * m.handlerMedianMs,
      readUnits: count * m.readUnits,
      writeUnits: count * m.writeUnits,
    };
  });
  const groups = new Map<string, { invocations: number; durationMs: number }>();
  for (const r of routes) {
    const g = groups.get(r.group) ?? { invocations: 0, durationMs: 0 };
    g.invocations += r.requests;
    g.durationMs += r.durationMs;
    groups.set(r.group, g);
  }
  // Every committed write becomes a domain event on the stream.
  const domainEvents = routes.filter((r) => r.writeUnits > 0 && r.operationId !== 'recordEvents').reduce((s, r) => s + r.requests, 0);
  const events = domainEvents + clientEvents;
  const publisherInvocations = domainEvents / profile.publisherRecordsPerInvocation;
  const archiverInvocations = events / profile.eventsPerLakeObject;
  // Producers pack a publisher invocation's events, or a client batch, into one message (lambdas/analytics/messages.ts).
  const messages = publisherInvocations + requests.recordEvents;
  const lakeBytes = events * profile.lakeBytesPerEvent;

  const functions = [
    ...[...groups].map(([group, g]) => ({ name: group, memoryMb: measured.lambdaMemoryMb, ...g })),
    {
      name: 'publisher',
      memoryMb: PUBLISHER_MEMORY_MB,
      invocations: publisherInvocations,
      durationMs: publisherInvocations * profile.publisherMsPerInvocation,
    },
    {
      name: 'archiver',
      memoryMb: measured.lambdaMemoryMb,
      invocations: archiverInvocations,
      durationMs: archiverInvocations * profile.archiverMsPerInvocation,
    },
  ].sort((a, b) => a.name.localeCompare(b.name));

  const live = liveUsage(profile, active);
  if (live) functions.push(...live.functions);
  functions.sort((a, b) => a.name.localeCompare(b.name));

  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  const assumptions = [
    `profile ${name}: ${fmt(profile.members)} members, ${fmt(profile.monthlyActiveShare * 100)}% active in a month = ${fmt(active)} monthly active members`,
    `requests per active member a month by route (pricing/profiles.json): ${Object.entries(profile.requestsPerActiveMember)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}`,
    `each route at its benchmark median handler time and DynamoDB units (bench/results.json, measured ${measured.measuredAt}) at ${measured.lambdaMemoryMb} MB; warm invocations, no cold starts`,
    `${fmt(profile.clientEventsPerActiveMember)} engagement events per active member, ${profile.clientEventsPerRequest} per POST /v1/events`,
    `${fmt(profile.moderationDecisionsPerPost * 100)}% of posts get a moderation decision (a claim and a decision each)`,
    `every write is one domain event; events are packed into one compressed SQS message per publisher invocation and per POST /v1/events (a few KB: one request to send, and ten fit one billed receive), received and deleted ten messages a request; the publisher takes ${profile.publisherRecordsPerInvocation} records in ${profile.publisherMsPerInvocation} ms at ${PUBLISHER_MEMORY_MB} MB`,
    `the archiver writes one object of ${profile.eventsPerLakeObject} events in ${profile.archiverMsPerInvocation} ms; ${profile.lakeBytesPerEvent} bytes of Parquet per event; storage is this month's events only (it grows each month)`,
    `${fmt(profile.athenaQueriesPerMonth)} Athena queries of ${fmt(profile.athenaMbScannedPerQuery)} MB each`,
    ...(live ? [live.assumption] : []),
  ];

  const fromProfile = `profile ${name} (pricing/profiles.json)`;
  return {
    usage: {
      period: { from: PROFILE_MONTH.from.toISOString(), to: PROFILE_MONTH.to.toISOString() },
      source: `a projected 30-day month of the ${name} profile, priced with benchmark-measured routes`,
      apiRequests: routes.reduce((s, r) => s + r.requests, 0),
      functions,
      routes: routes.sort((a, b) => a.operationId.localeCompare(b.operationId)),
      dynamoDb: {
        readUnits: routes.reduce((s, r) => s + r.readUnits, 0),
        writeUnits: routes.reduce((s, r) => s + r.writeUnits, 0) + (live?.writeUnits ?? 0),
      },
      queue: {
        messagesSent: messages,
        messagesReceived: messages,
        requests: messages + (2 * messages) / SQS_BATCH,
        requestsBasis: 'events packed one message per publisher invocation and per POST /v1/events; received and deleted in batches of 10',
      },
      lake: {
        putRequests: archiverInvocations,
        putBasis: 'one object per archiver invocation',
        bytesWritten: lakeBytes,
        storedBytes: lakeBytes,
        objects: archiverInvocations,
      },
      queries: { queries: profile.athenaQueriesPerMonth, bytesScanned: profile.athenaQueriesPerMonth * profile.athenaMbScannedPerQuery * 1024 ** 2 },
      ...(live ? { live: live.live } : {}),
      activity: {
        postsCreated: { value: posts, source: fromProfile },
        activeMembers: { value: active, source: fromProfile },
        moderationDecisions: { value: decisions, source: fromProfile },
      },
      notes: ['A projection, not a measurement: change the profile to see what moves the total.'],
    },
    assumptions,
  };
}
