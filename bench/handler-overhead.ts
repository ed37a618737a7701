/**
 * Warm in-process invocations of each route's handler, beside a raw replay of the DynamoDB calls
 * the same invocation made, measured in the same loop: iteration i invokes the handler (timed),
 * then sends the commands it recorded, marshalled as they went on the wire, on a plain
 * DynamoDBClient (each timed; their sum is the raw figure of iteration i).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as ddb from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routeById, type RouteGroup } from '../lambdas/api/routes';
import { buildHttpApiEvent } from '../local/api-gateway-event';
import { createLambdaContext } from '../local/lambda-context';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ConsumedUnits } from '../local/billed-usage';
import type { DynamoRecorder, RecordedCommand } from './dynamo-recorder';
import type { RecordedSqsCall, SqsRecorder } from './sqs-recorder';
import { sumUnits } from './dynamo-recorder';
import { newUlid } from './fixtures';
import type { BenchRequest, RouteBench } from './routes';
import { median, percentile, round } from './stats';

type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface RouteFigure {
  readonly name: string;
  readonly operationId: string;
  readonly route: string;
  readonly group: RouteGroup;
  readonly iterations: number;
  readonly handlerMedianMs: number;
  readonly handlerP99Ms: number;
  readonly rawMedianMs: number;
  /** handler median / raw median; null for routes that make no DynamoDB call. */
  readonly overheadRatio: number | null;
  /** Median over the iterations; minReadUnits..maxReadUnits shows they are stable. */
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly unitsStable: boolean;
  readonly byTarget: Readonly<Record<string, number>>;
  /** The calls of the last iteration, in order. */
  readonly calls: readonly { command: string; table: string; read: number; write: number; ms: number }[];
  /** SQS requests billed per invocation (median), for routes that queue messages; 0 for the others. */
  readonly sqsRequests: number;
  /** SQS calls of the last iteration, in order. */
  readonly sqsCalls: readonly { command: string; payloadBytes: number; billedRequests: number; ms: number }[];
}

export interface OverheadOptions {
  readonly routes: readonly RouteBench[];
  readonly loadHandler: (group: RouteGroup) => Promise<Handler>;
  readonly recorder: DynamoRecorder;
  readonly raw: ddb.DynamoDBClient;
  readonly idempotencyTable: string;
  readonly iterations: number;
  readonly warmup: number;
  readonly region: string;
  readonly log: (line: string) => void;
  /** Runs before each request is measured, outside its figures (the caller's member state, which a real member has). */
  readonly beforeRequest?: (memberId: string) => Promise<void>;
  /** SQS calls are recorded, replayed on `sqs.raw` and counted with the DynamoDB ones when given. */
  readonly sqs?: { readonly recorder: SqsRecorder; readonly raw: SQSClient };
}

const COMMANDS = ddb as unknown as Record<string, new (input: unknown) => ddb.GetItemCommand>;

/** Deep copy of a marshalled input with every occurrence of each `swaps` key replaced in its string values. */
export function swapStrings<T>(value: T, swaps: ReadonlyMap<string, string>): T {
  if (swaps.size === 0) return value;
  if (typeof value === 'string') {
    let out: string = value;
    for (const [from, to] of swaps) if (out.includes(from)) out = out.split(from).join(to);
    return out as T;
  }
  if (Array.isArray(value)) return value.map((v) => swapStrings(v, swaps)) as T;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapStrings(v, swaps)])) as T;
  }
  return value;
}

/** Idempotency records are keyed by a hash of the request: the replay writes a record of its own, same length. */
function idempotencySwaps(commands: readonly RecordedCommand[], table: string): [string, string][] {
  const swaps: [string, string][] = [];
  for (const { input } of commands) {
    if (input.TableName !== table) continue;
    const id = ((input.Key ?? input.Item) as Record<string, { S?: string }> | undefined)?.id?.S;
    if (id && !swaps.some(([from]) => from === id)) {
      const tail = Math.min(32, id.length);
      swaps.push([id, id.slice(0, id.length - tail) + randomBytes(16).toString('hex').slice(0, tail)]);
    }
  }
  return swaps;
}

/** The table(s) a marshalled input addresses, for the report. */
function tablesOf(input: Record<string, unknown>): string {
  if (typeof input.TableName === 'string') return input.TableName;
  if (input.RequestItems) return Object.keys(input.RequestItems).join(', ');
  const items = (input.TransactItems ?? []) as Record<string, { TableName?: string }>[];
  return [...new Set(items.map((item) => Object.values(item)[0]?.TableName ?? '?'))].join(', ');
}

export function eventOf(bench: RouteBench, request: BenchRequest, requestId: string) {
  const spec = routeById(bench.operationId);
  const params = request.pathParameters ?? {};
  const path = Object.entries(params).reduce((p, [name, value]) => p.replace(`{${name}}`, encodeURIComponent(value)), spec.path);
  const headers: Record<string, string> = {
    host: 'api.example.com',
    'user-agent': 'chorus-bench',
    ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...request.headers,
  };
  return buildHttpApiEvent(
    {
      method: spec.method,
      url: request.query ? `${path}?${request.query}` : path,
      rawHeaders: Object.entries(headers).flat(),
      body: Buffer.from(request.body === undefined ? '' : JSON.stringify(request.body)),
      sourceIp: '192.0.2.1',
      protocol: 'HTTP/1.1',
    },
    {
      routeKey: `${spec.method} ${spec.path}`,
      pathParameters: params,
      ...(request.caller
        ? { claims: { sub: request.caller.memberId, username: request.caller.memberId, 'cognito:groups': request.caller.groups, token_use: 'access' } }
        : {}),
      requestId,
      now: new Date(),
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'api.example.com',
    },
  );
}

export async function measureRoutes(options: OverheadOptions): Promise<RouteFigure[]> {
  const figures: RouteFigure[] = [];
  for (const bench of options.routes) {
    const spec = routeById(bench.operationId);
    const handler = await options.loadHandler(spec.group);
    const handlerMs: number[] = [];
    const rawMs: number[] = [];
    const units: ConsumedUnits[] = [];
    let last: RecordedCommand[] = [];
    let lastSqs: RecordedSqsCall[] = [];
    const sqsRequests: number[] = [];
    const started = performance.now();
    const iterations = Math.min(options.iterations, bench.iterations ?? options.iterations);
    for (let i = -Math.min(options.warmup, iterations); i < iterations; i++) {
      const request = await bench.prepare(i);
      if (request.caller && options.beforeRequest) await options.beforeRequest(request.caller.memberId);
      const event = eventOf(bench, request, `bench-${bench.operationId}-${i}`);
      const context = createLambdaContext({ functionName: `chorus-bench-${spec.group}`, region: options.region, accountId: '123456789012', timeoutMs: 10_000 });
      options.recorder.take();
      options.sqs?.recorder.take();

      const t0 = performance.now();
      const result = await handler(event, context);
      const t1 = performance.now();
      const commands = options.recorder.take();
      const sqsCalls = options.sqs?.recorder.take() ?? [];

      if (result.statusCode !== bench.status) {
        throw new Error(`${bench.name} (${spec.method} ${spec.path}) answered ${result.statusCode}, expected ${bench.status}: ${result.body ?? ''}`);
      }
      const body = result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {};
      bench.check?.(body);
      const swaps = new Map<string, string>([
        ...Object.entries(request.twins ?? {}),
        ...(bench.createdIds?.(body) ?? []).map((id): [string, string] => [id, newUlid()]),
        ...idempotencySwaps(commands, options.idempotencyTable),
        // The create marker is keyed by the Idempotency-Key: the replay writes a marker of its own.
        ...(request.headers?.['idempotency-key'] ? [[request.headers['idempotency-key'], randomUUID()] as [string, string]] : []),
      ]);
      let raw = 0;
      for (const recorded of commands) {
        if (recorded.error) continue;
        const Command = COMMANDS[recorded.command];
        if (!Command) throw new Error(`no ${recorded.command} in @aws-sdk/client-dynamodb to replay`);
        const input = swapStrings(recorded.input, swaps);
        const r0 = performance.now();
        try {
          await options.raw.send(new Command(input));
        } catch (error) {
          throw new Error(`replaying ${recorded.command} of ${bench.name} failed (the twin data does not match): ${(error as Error).message}`);
        }
        raw += performance.now() - r0;
      }
      if (options.sqs) raw += await options.sqs.recorder.replay(sqsCalls, options.sqs.raw);

      if (i < 0) continue;
      handlerMs.push(t1 - t0);
      rawMs.push(raw);
      units.push(sumUnits(commands.map((c) => c.units)));
      last = commands;
      lastSqs = sqsCalls;
      sqsRequests.push(sqsCalls.reduce((sum, c) => sum + c.billedRequests, 0));
    }
    const reads = units.map((u) => u.read);
    const writes = units.map((u) => u.write);
    const rawMedian = median(rawMs);
    const figure: RouteFigure = {
      name: bench.name,
      operationId: bench.operationId,
      route: `${spec.method} ${spec.path}`,
      group: spec.group,
      iterations: handlerMs.length,
      handlerMedianMs: round(median(handlerMs), 3),
      handlerP99Ms: round(percentile(handlerMs, 99), 3),
      rawMedianMs: round(rawMedian, 3),
      overheadRatio: last.length + lastSqs.length === 0 ? null : round(median(handlerMs) / rawMedian, 3),
      readUnits: median(reads),
      writeUnits: median(writes),
      unitsStable: Math.min(...reads) === Math.max(...reads) && Math.min(...writes) === Math.max(...writes),
      byTarget: sumUnits([units.at(-1)!]).byTarget,
      calls: last.map((c) => ({
        command: c.command.replace(/Command$/, ''),
        table: tablesOf(c.input),
        read: c.units.read,
        write: c.units.write,
        ms: round(c.ms, 3),
      })),
      sqsRequests: median(sqsRequests),
      sqsCalls: lastSqs.map((c) => ({
        command: c.command.replace(/Command$/, ''),
        payloadBytes: c.payloadBytes,
        billedRequests: c.billedRequests,
        ms: round(c.ms, 3),
      })),
    };
    options.log(
      `  ${bench.name.padEnd(28)} handler ${figure.handlerMedianMs.toFixed(2)} ms (p99 ${figure.handlerP99Ms.toFixed(2)}), raw ${figure.rawMedianMs.toFixed(2)} ms, x${figure.overheadRatio ?? '-'}; ${figure.readUnits} RRU ${figure.writeUnits} WRU${figure.sqsRequests ? ` ${figure.sqsRequests} SQS requests` : ''} (${Math.round(performance.now() - started)} ms)`,
    );
    figures.push(figure);
  }
  return figures;
}
