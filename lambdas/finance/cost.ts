/**
 * What a unit of work costs, priced by a PriceTable. Pure functions over plain numbers: the
 * benchmark prices measured routes with them, finance reporting prices metered usage.
 */
import { unitPrice, type PriceTable } from './pricing';

/** What one request (or any unit of work) uses of each billed dimension. */
export interface Usage {
  /** API Gateway HTTP API requests (a request up to 512 KB is one). */
  readonly apiRequests: number;
  readonly lambdaInvocations: number;
  /** Duration of each invocation in ms, before rounding: Lambda bills each invocation rounded up to 1 ms. */
  readonly lambdaDurationMs: number;
  /** The function's configured memory. */
  readonly lambdaMemoryMb: number;
  /** DynamoDB on-demand read request units (0.5 per eventually consistent read of up to 4 KB). */
  readonly readRequestUnits: number;
  /** DynamoDB on-demand write request units (1 per KB written, per table and index; 2x in transactions). */
  readonly writeRequestUnits: number;
  readonly sqsRequests?: number;
  readonly s3PutRequests?: number;
  readonly s3GetRequests?: number;
  /** Bytes written to CloudWatch Logs. */
  readonly logBytes?: number;
}

/** USD per dimension and in total. */
export interface Cost {
  readonly apiGateway: number;
  readonly lambdaRequests: number;
  readonly lambdaDuration: number;
  readonly dynamoDbReads: number;
  readonly dynamoDbWrites: number;
  readonly sqs: number;
  readonly s3: number;
  readonly logs: number;
  readonly total: number;
}

const GB_IN_MB = 1024;
const GB_IN_BYTES = 1024 ** 3;

/** Billed milliseconds of one invocation: rounded up to the next whole ms, and at least 1 ms. */
export function billedLambdaMs(durationMs: number): number {
  if (!(durationMs >= 0)) throw new Error(`durationMs must be a number >= 0, got ${durationMs}`);
  return Math.max(1, Math.ceil(durationMs));
}

/** GB-seconds of `invocations` invocations of `durationMs` each at `memoryMb`. */
export const gbSeconds = (invocations: number, durationMs: number, memoryMb: number): number =>
  invocations * (billedLambdaMs(durationMs) / 1000) * (memoryMb / GB_IN_MB);

/** What `usage` costs at the table's prices. */
export function costOf(table: PriceTable, usage: Usage): Cost {
  const p = table.prices;
  const parts = {
    apiGateway: usage.apiRequests * unitPrice(p.apiGatewayHttpRequest),
    lambdaRequests: usage.lambdaInvocations * unitPrice(p.lambdaRequest),
    lambdaDuration: gbSeconds(usage.lambdaInvocations, usage.lambdaDurationMs, usage.lambdaMemoryMb) * unitPrice(p.lambdaArmGbSecond),
    dynamoDbReads: usage.readRequestUnits * unitPrice(p.dynamoDbReadRequestUnit),
    dynamoDbWrites: usage.writeRequestUnits * unitPrice(p.dynamoDbWriteRequestUnit),
    sqs: (usage.sqsRequests ?? 0) * unitPrice(p.sqsRequest),
    s3: (usage.s3PutRequests ?? 0) * unitPrice(p.s3PutRequest) + (usage.s3GetRequests ?? 0) * unitPrice(p.s3GetRequest),
    logs: ((usage.logBytes ?? 0) / GB_IN_BYTES) * unitPrice(p.cloudWatchLogsIngestionGb),
  };
  return { ...parts, total: Object.values(parts).reduce((sum, v) => sum + v, 0) };
}

/** The same cost for `count` units of work: costs are linear, so per million is times 1e6. */
export function times(cost: Cost, count: number): Cost {
  return Object.fromEntries(Object.entries(cost).map(([k, v]) => [k, v * count])) as unknown as Cost;
}

/** What one API request through a Lambda function uses. */
export function apiRequestUsage(request: { durationMs: number; memoryMb: number; readRequestUnits: number; writeRequestUnits: number }): Usage {
  return {
    apiRequests: 1,
    lambdaInvocations: 1,
    lambdaDurationMs: request.durationMs,
    lambdaMemoryMb: request.memoryMb,
    readRequestUnits: request.readRequestUnits,
    writeRequestUnits: request.writeRequestUnits,
  };
}

/**
 * The floor of an API route: what API Gateway, one Lambda request, Lambda duration for just the
 * time its DynamoDB calls take (at the configured memory) and the DynamoDB units the route cannot
 * do without would cost on their own. A route's real cost over its floor is what its code adds.
 */
export function apiRequestFloor(route: { dynamoDbMs: number; memoryMb: number; readRequestUnits: number; writeRequestUnits: number }): Usage {
  return apiRequestUsage({
    durationMs: route.dynamoDbMs,
    memoryMb: route.memoryMb,
    readRequestUnits: route.readRequestUnits,
    writeRequestUnits: route.writeRequestUnits,
  });
}
