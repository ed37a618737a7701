/**
 * Compaction: a closed day's small objects of each partition merged into one, or a few of at most
 * `targetBytes`, so a report opens a handful of files instead of thousands.
 *
 * Safe at every step, because the deduplicated view keeps one row per (event_type, dt, event_id):
 * - the merged object is written next to the small ones (same partition, a key of its own derived
 *   from its event ids), so while both exist every event is there twice and the view sees it once;
 * - it is read back and verified (its row count and its set of event ids are exactly those of the
 *   small objects) before any small object is deleted; a failed check deletes nothing;
 * - a run that stops between the write and the deletes (a crash, a timeout) leaves both: the next run
 *   lists the merged object with the small ones, merges them again into the same key (same ids, same
 *   key) and deletes what is left. Reruns converge; nothing is lost at any point.
 * Objects already at least half the target are left alone, and a partition with a single object
 * costs one listing. A day is compacted only once it has closed (UTC), and late events (apps may send
 * events up to MAX_EVENT_AGE_DAYS old) land in new small objects that the next run merges.
 */
import { createHash } from 'node:crypto';
import { parquetReadObjects } from 'hyparquet';
import { EVENT_TYPES, EVENTS_PREFIX } from './envelope';
import { type LakeRow, rowsToParquet } from './parquet';
import type { CompactorDeps, LakeObject } from './ports';

/** The most a merged object may hold (128 MB): Athena's and DuckDB's sweet spot for Parquet. */
export const COMPACTED_MAX_BYTES = 128_000_000;

export const partitionPrefix = (eventType: string, day: string): string => `${EVENTS_PREFIX}event_type=${eventType}/dt=${day}/`;

const hashOf = (ids: readonly string[]): string =>
  createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);

/** A merged object's key: its partition and a hash of its sorted event ids (a rerun writes the same key). */
export const compactedObjectKey = (prefix: string, eventIds: readonly string[]): string => `${prefix}compacted-${hashOf(eventIds)}.parquet`;

/** The merged object read back does not hold exactly the events merged into it: nothing was deleted. */
export class CompactionVerificationError extends Error {
  constructor(
    readonly key: string,
    readonly expectedEvents: number,
    readonly foundEvents: number,
    readonly missing: number,
  ) {
    super(`compacted object ${key} holds ${foundEvents} rows with ${missing} of ${expectedEvents} event ids missing: its inputs are kept`);
    this.name = 'CompactionVerificationError';
  }
}

export interface MergedObject {
  readonly key: string;
  readonly inputs: number;
  readonly inputBytes: number;
  /** Distinct events it holds (copies of one event in several inputs count once). */
  readonly events: number;
  readonly bytes: number;
}

export interface PartitionOutcome {
  readonly prefix: string;
  readonly before: { readonly objects: number; readonly bytes: number };
  readonly after: { readonly objects: number; readonly bytes: number };
  readonly merged: readonly MergedObject[];
}

export interface CompactionOptions {
  /** @default COMPACTED_MAX_BYTES */
  readonly maxBytes?: number;
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

const readRows = async (bytes: Uint8Array, columns?: string[]): Promise<Record<string, unknown>[]> =>
  (await parquetReadObjects({ file: toArrayBuffer(bytes), ...(columns ? { columns } : {}) })) as Record<string, unknown>[];

const time = (value: unknown): number => (value instanceof Date ? value.getTime() : Date.parse(String(value)));

/**
 * Objects to merge together, in key order: the small ones (under half of `maxBytes`), in runs whose
 * summed size stays within `maxBytes` (a merged object is smaller than its inputs: one footer, one
 * dictionary per column). A run of one object is left as it is.
 */
export function mergeGroups(objects: readonly LakeObject[], maxBytes: number): LakeObject[][] {
  const small = objects.filter((o) => o.bytes < maxBytes / 2);
  const groups: LakeObject[][] = [];
  let current: LakeObject[] = [];
  let bytes = 0;
  for (const object of small) {
    if (current.length > 0 && bytes + object.bytes > maxBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(object);
    bytes += object.bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups.filter((g) => g.length > 1);
}

async function mergeGroup(deps: CompactorDeps, prefix: string, group: readonly LakeObject[]): Promise<MergedObject> {
  // One row per event: where copies differ, the first received is kept, as the deduplicated view keeps it.
  const rows = new Map<string, Record<string, unknown>>();
  for (const object of group) {
    for (const row of await readRows(await deps.lake.get(object.key))) {
      const id = String(row.event_id);
      const kept = rows.get(id);
      if (!kept || time(row.received_at) < time(kept.received_at)) rows.set(id, row);
    }
  }
  // By time, then id: each row group's min/max statistics then bound its occurred_at.
  const ordered = [...rows.values()].sort((a, b) => time(a.occurred_at) - time(b.occurred_at) || String(a.event_id).localeCompare(String(b.event_id)));
  const ids = ordered.map((r) => String(r.event_id));
  const key = compactedObjectKey(prefix, ids);
  const body = rowsToParquet(ordered as unknown as LakeRow[], 'chorus compactor');
  await deps.lake.put(key, body, 'application/vnd.apache.parquet');

  // Read back what the lake holds now, and check it before anything is deleted.
  const stored = await readRows(await deps.lake.get(key), ['event_id']);
  const found = new Set(stored.map((r) => String(r.event_id)));
  const missing = ids.filter((id) => !found.has(id)).length;
  if (stored.length !== ids.length || found.size !== ids.length || missing > 0) throw new CompactionVerificationError(key, ids.length, stored.length, missing);

  await deps.lake.delete(group.map((o) => o.key).filter((k) => k !== key));
  return { key, inputs: group.length, inputBytes: group.reduce((sum, o) => sum + o.bytes, 0), events: ids.length, bytes: body.byteLength };
}

/** Merges the small objects of one partition (events/v1/event_type=<t>/dt=<d>/). */
export async function compactPartition(deps: CompactorDeps, prefix: string, options: CompactionOptions = {}): Promise<PartitionOutcome> {
  const maxBytes = options.maxBytes ?? COMPACTED_MAX_BYTES;
  const objects = (await deps.lake.list(prefix)).filter((o) => o.key.endsWith('.parquet'));
  const merged: MergedObject[] = [];
  for (const group of mergeGroups(objects, maxBytes)) merged.push(await mergeGroup(deps, prefix, group));
  const bytes = objects.reduce((sum, o) => sum + o.bytes, 0);
  const removed = merged.reduce((sum, m) => sum + m.inputs, 0);
  return {
    prefix,
    before: { objects: objects.length, bytes },
    // An input that is also the output (a rerun over the same ids) is replaced, not added to.
    after: {
      objects: objects.length - removed + merged.length,
      bytes: bytes - merged.reduce((sum, m) => sum + m.inputBytes, 0) + merged.reduce((sum, m) => sum + m.bytes, 0),
    },
    merged,
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface DayOutcome {
  readonly day: string;
  readonly partitions: readonly PartitionOutcome[];
}

/** Compacts every partition of a closed UTC day (one per event type). Refuses today and later. */
export async function compactDay(deps: CompactorDeps, day: string, options: CompactionOptions = {}): Promise<DayOutcome> {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new RangeError(`day must be a YYYY-MM-DD date, got ${day}`);
  const today = deps.clock().toISOString().slice(0, 10);
  if (day >= today) throw new RangeError(`day ${day} has not closed yet (today is ${today} UTC): only earlier days are compacted`);
  const partitions: PartitionOutcome[] = [];
  for (const eventType of EVENT_TYPES) partitions.push(await compactPartition(deps, partitionPrefix(eventType, day), options));
  return { day, partitions };
}

/** The closed days a scheduled run looks at: yesterday and the `lateDays` before it (late events land there). */
export function closedDays(now: Date, lateDays: number): string[] {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  return Array.from({ length: lateDays + 1 }, (_, n) => new Date(today - (n + 1) * 86_400_000).toISOString().slice(0, 10));
}
