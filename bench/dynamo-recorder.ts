/**
 * Bench-only instrumentation of the handlers' shared DynamoDB client (lambdas/store/dynamo-client.ts):
 * asks every command for its consumed capacity and records, per command, the wire-level input (after
 * the document client has marshalled it), the time the call took and the units DynamoDB reported.
 * Installed by the benchmark only; runtime code never loads this module.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface ConsumedUnits {
  /** Read request units (on-demand), as DynamoDB reports them: 0.5 per eventually consistent 4 KB. */
  readonly read: number;
  /** Write request units (on-demand): 1 per KB, table and each index written; transactions 2x. */
  readonly write: number;
  /** Units by table / index name ("table", "index:byCommunityFeed"), read and write summed. */
  readonly byTarget: Readonly<Record<string, number>>;
}

export interface RecordedCommand {
  /** The SDK command name, e.g. "GetItemCommand" (document client commands are recorded as the command they send). */
  readonly command: string;
  /** The marshalled input as sent (low-level attribute values), replayable on a plain DynamoDBClient. */
  readonly input: Record<string, unknown>;
  readonly ms: number;
  readonly units: ConsumedUnits;
  /** The error name when the call failed (a condition failure still consumes units). */
  readonly error?: string;
}

interface CapacityReport {
  TableName?: string;
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
  LocalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);

/**
 * Units of one response. Read commands consume read units, write commands write units (a
 * ConditionCheck inside TransactWriteItems is reported within the write units). DynamoDB reports
 * on-demand consumption in CapacityUnits; ReadCapacityUnits / WriteCapacityUnits are used when present.
 */
export function unitsOf(command: string, consumed: CapacityReport | CapacityReport[] | undefined): ConsumedUnits {
  const reports = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  const isRead = READS.has(command);
  let read = 0;
  let write = 0;
  const byTarget: Record<string, number> = {};
  const addTarget = (name: string, units: number | undefined) => {
    if (units) byTarget[name] = (byTarget[name] ?? 0) + units;
  };
  for (const report of reports) {
    const total = report.CapacityUnits ?? (report.ReadCapacityUnits ?? 0) + (report.WriteCapacityUnits ?? 0);
    if (report.ReadCapacityUnits !== undefined || report.WriteCapacityUnits !== undefined) {
      read += report.ReadCapacityUnits ?? 0;
      write += report.WriteCapacityUnits ?? 0;
    } else if (isRead) read += total;
    else write += total;
    const table = report.TableName ?? '?';
    addTarget(table, report.Table?.CapacityUnits ?? (report.GlobalSecondaryIndexes || report.LocalSecondaryIndexes ? 0 : total));
    for (const [index, c] of Object.entries({ ...report.GlobalSecondaryIndexes, ...report.LocalSecondaryIndexes })) addTarget(`${table}/index:${index}`, c.CapacityUnits);
  }
  return { read, write, byTarget };
}

export const sumUnits = (all: readonly ConsumedUnits[]): ConsumedUnits => {
  const byTarget: Record<string, number> = {};
  for (const u of all) for (const [k, v] of Object.entries(u.byTarget)) byTarget[k] = (byTarget[k] ?? 0) + v;
  return { read: all.reduce((s, u) => s + u.read, 0), write: all.reduce((s, u) => s + u.write, 0), byTarget };
};

export interface DynamoRecorder {
  /** Commands recorded since the last take(), oldest first; clears the record. */
  take(): RecordedCommand[];
}

/**
 * Adds two middlewares to `client` (whose stack the document client shares): one at initialize that
 * sets ReturnConsumedCapacity: 'INDEXES' (a top-level string the document client passes through), and
 * one at build, where the input is already marshalled, that times the call and reads the units.
 */
export function installRecorder(client: DynamoDBClient): DynamoRecorder {
  let recorded: RecordedCommand[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      return next(args);
    },
    { step: 'initialize', name: 'chorusBenchConsumedCapacity', override: true },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName);
      const input = structuredClone(args.input as Record<string, unknown>);
      const started = performance.now();
      try {
        const result = await next(args);
        const ms = performance.now() - started;
        recorded.push({ command, input, ms, units: unitsOf(command, (result.output as { ConsumedCapacity?: CapacityReport }).ConsumedCapacity) });
        return result;
      } catch (error) {
        const ms = performance.now() - started;
        recorded.push({ command, input, ms, units: unitsOf(command, undefined), error: (error as Error).name });
        throw error;
      }
    },
    { step: 'build', name: 'chorusBenchRecorder', override: true },
  );
  return {
    take() {
      const out = recorded;
      recorded = [];
      return out;
    },
  };
}
