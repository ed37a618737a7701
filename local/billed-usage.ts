/**
 * What AWS bills for one SDK call, read from the call itself: DynamoDB's consumed units, SQS's
 * 64 KB request chunks, the bytes a PutObject writes. Shared by the local usage recorder and the
 * benchmark, so the finance report and BENCHMARKS.md count the same way.
 */

export interface ConsumedUnits {
  /** Read request units (on-demand), as DynamoDB reports them: 0.5 per eventually consistent 4 KB. */
  readonly read: number;
  /** Write request units (on-demand): 1 per KB, table and each index written; transactions 2x. */
  readonly write: number;
  /** Units by table / index name ("table", "index:byCommunityFeed"), read and write summed. */
  readonly byTarget: Readonly<Record<string, number>>;
}

/** One entry of a response's ConsumedCapacity (ReturnConsumedCapacity: 'INDEXES'). */
export interface CapacityReport {
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
    for (const [index, c] of Object.entries({ ...report.GlobalSecondaryIndexes, ...report.LocalSecondaryIndexes })) {
      addTarget(`${table}/index:${index}`, c.CapacityUnits);
    }
  }
  return { read, write, byTarget };
}

/** Units of a call's output (undefined for a failed call: nothing to read). */
export const unitsOfOutput = (command: string, output: Record<string, unknown> | undefined): ConsumedUnits =>
  unitsOf(command, output?.ConsumedCapacity as CapacityReport | CapacityReport[] | undefined);

const SQS_CHUNK = 64 * 1024;

/** Bytes of the message bodies an SQS input carries (SendMessage, SendMessageBatch). */
export function payloadBytesOf(input: Record<string, unknown>): number {
  const bodies = Array.isArray(input.Entries)
    ? (input.Entries as { MessageBody?: string }[]).map((e) => e.MessageBody ?? '')
    : typeof input.MessageBody === 'string'
      ? [input.MessageBody]
      : [];
  return bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);
}

/** Requests SQS bills for a call: one per started 64 KB of payload, at least one. */
export const billedSqsRequests = (payloadBytes: number): number => Math.max(1, Math.ceil(payloadBytes / SQS_CHUNK));

/** Bytes a PutObject input writes (string or binary body; a stream is not measured). */
export function putObjectBytes(input: Record<string, unknown>): number {
  const body = input.Body;
  return typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : 0;
}
