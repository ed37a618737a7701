/**
 * What a usage source reports for a period: the billed dimensions Chorus uses, as plain numbers.
 * The CloudWatch adapter (AWS) and the local recording (the local runtime) both answer this shape;
 * the cost report prices it without knowing where it came from.
 */

export interface Period {
  readonly from: Date;
  readonly to: Date;
}

export interface FunctionUsage {
  /** The route group, or `publisher` / `archiver`. */
  readonly name: string;
  /** Configured memory, MB: duration is billed in GB-seconds at this size. */
  readonly memoryMb: number;
  readonly invocations: number;
  /** Summed duration of the invocations, ms. */
  readonly durationMs: number;
}

/** Per-route figures, when the source records routes (the local runtime does; free CloudWatch metrics do not). */
export interface RouteUsage {
  readonly operationId: string;
  /** The route group (function) that served it. */
  readonly group: string;
  readonly requests: number;
  readonly durationMs: number;
  readonly readUnits: number;
  readonly writeUnits: number;
}

/** What one community's own requests used: requests whose route or answer names the community. */
export interface CommunityUsage {
  readonly communityId: string;
  readonly requests: number;
  /** Lambda GB-seconds of those requests, at their functions' memory. */
  readonly gbSeconds: number;
  readonly readUnits: number;
  readonly writeUnits: number;
}

/** A count of community activity, with where it came from, or why it is not available. */
export type ActivityCount = { readonly value: number; readonly source: string } | { readonly value?: undefined; readonly reason: string };

export interface MeteredUsage {
  readonly period: { readonly from: string; readonly to: string };
  /** Where the figures came from, in a phrase. */
  readonly source: string;
  /** API Gateway HTTP API requests. */
  readonly apiRequests: number;
  readonly functions: readonly FunctionUsage[];
  readonly routes?: readonly RouteUsage[];
  /** Per community, when the source knows which community a request served (the local runtime does). */
  readonly byCommunity?: readonly CommunityUsage[];
  /** DynamoDB on-demand units consumed, all tables and indexes. */
  readonly dynamoDb: { readonly readUnits: number; readonly writeUnits: number };
  readonly queue: {
    readonly messagesSent: number;
    readonly messagesReceived: number;
    /** Billed SQS requests (a batch of up to 10 messages and 64 KB is one). */
    readonly requests: number;
    /** How `requests` was obtained. */
    readonly requestsBasis: string;
  };
  readonly lake: {
    /** Objects written (PUT requests). */
    readonly putRequests: number;
    readonly putBasis: string;
    /** Bytes written in the period. */
    readonly bytesWritten?: number;
    /** Bytes stored at the end of the period (S3 daily storage metric). */
    readonly storedBytes: number;
    readonly objects: number;
  };
  readonly queries: { readonly queries: number; readonly bytesScanned: number };
  /** The WebSocket API: messages in and out (each 32 KB counts as one) and connection minutes. Absent: the source does not measure it. */
  readonly live?: { readonly messages: number; readonly connectionMinutes: number; readonly basis: string };
  readonly activity: {
    readonly postsCreated: ActivityCount;
    readonly activeMembers: ActivityCount;
    readonly moderationDecisions: ActivityCount;
  };
  /** What the source could not measure, said once. */
  readonly notes: readonly string[];
}

/** The port: the report asks a source for a period's usage, only when a report is asked for. */
export interface UsageSource {
  usage(period: Period): Promise<MeteredUsage>;
}
