/**
 * The lake with realistic events (bench/population.ts) over two weeks, on fauxqs S3 through the
 * archiver's and the compactor's own use cases: bytes per event, events per object before and after
 * compaction (the deduplicated view seeing the same events), and what a 7-day report reads, measured
 * with DuckDB's EXPLAIN ANALYZE.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { archiveBatch } from '../lambdas/analytics/archive';
import { compactDay } from '../lambdas/analytics/compact';
import { openLake, query, syncLake } from '../lambdas/analytics/duckdb-lake';
import { EVENTS_PREFIX } from '../lambdas/analytics/envelope';
import { eventMessage } from '../lambdas/analytics/messages';
import type { CompactableLake } from '../lambdas/analytics/ports';
import { toClientEnvelope } from '../lambdas/analytics/client-events';
import { s3CompactableLake } from '../lambdas/analytics/s3-compactable-lake';
import { REPORTS, reportWindow } from '../lambdas/analytics/sql';
import { eventStream, population } from './population';
import { round } from './stats';

export interface LakeShape {
  readonly objects: number;
  readonly bytes: number;
  readonly eventsPerObject: number;
  readonly bytesPerEvent: number;
  /** Rows the deduplicated view shows (DuckDB over a copy of the lake). */
  readonly viewEvents: number;
}

export interface ReportRead {
  readonly report: string;
  readonly window: { readonly from: string; readonly to: string };
  /** Parquet files DuckDB read from while running the report under EXPLAIN ANALYZE (its file system log). */
  readonly filesRead: number;
  /** Each scan's "Total Files Read" (EXPLAIN ANALYZE): files whose row groups it read. */
  readonly filesPerScan: readonly number[];
  /** Distinct bytes DuckDB read from those files (the file system log's READs: footers, the columns and row groups it needed). */
  readonly bytesRead: number;
  /** Every READ's bytes summed, re-reads of the same range included. */
  readonly allReadsBytes: number;
  /** Files and bytes of the window's partitions (every type, dt within the window). */
  readonly windowFiles: number;
  readonly windowBytes: number;
  readonly lakeBytes: number;
  /** bytesRead / windowBytes. */
  readonly ratio: number;
  /** Files read outside the window's partitions, and their bytes read (footers: the view's union_by_name reads every file's schema). */
  readonly outsideWindow: number;
  readonly outsideWindowBytes: number;
}

export interface LakeFigure {
  readonly seed: number;
  readonly days: number;
  readonly eventsPerDay: number;
  readonly events: number;
  /** Events per archiver invocation the load was archived in (as the steady load's batches). */
  readonly eventsPerBatch: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly before: LakeShape;
  readonly after: LakeShape;
  readonly compaction: { readonly closedDays: number; readonly ms: number; readonly mergedObjects: number };
  readonly reportBefore: ReportRead;
  readonly reportAfter: ReportRead;
}

export interface LakeOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly seed: number;
  readonly days: number;
  readonly eventsPerDay: number;
  readonly eventsPerBatch: number;
  readonly now: Date;
  readonly log: (line: string) => void;
}

const DAY_MS = 86_400_000;

async function listed(lake: CompactableLake) {
  const objects = await lake.list(EVENTS_PREFIX);
  return { objects: objects.length, bytes: objects.reduce((sum, o) => sum + o.bytes, 0) };
}

/** A copy of the lake in a fresh folder, opened with DuckDB. */
async function copyOf(o: LakeOptions, dirs: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-bench-lake-'));
  dirs.push(dir);
  await syncLake(o.s3, o.bucket, dir, EVENTS_PREFIX);
  return { dir, connection: await openLake(dir) };
}

async function reportRead(dir: string, connection: Awaited<ReturnType<typeof openLake>>, name: string, now: Date): Promise<ReportRead> {
  // Yesterday and the six days before: closed days, so compacted ones.
  const window = reportWindow(new Date(now.getTime() - DAY_MS), 7);
  // DuckDB's file system log records every read (path, bytes) the EXPLAIN ANALYZE run makes.
  await connection.run(`CALL enable_logging('FileSystem')`);
  await connection.run('CALL truncate_duckdb_logs()');
  const plan = await query(connection, `EXPLAIN ANALYZE ${REPORTS[name]!.sql(window)}`);
  const reads = await query(
    connection,
    `SELECT json_extract_string(message, '$.path') AS path, CAST(json_extract_string(message, '$.pos') AS BIGINT) AS pos,
       CAST(json_extract_string(message, '$.bytes') AS BIGINT) AS bytes
     FROM duckdb_logs WHERE type = 'FileSystem' AND json_extract_string(message, '$.op') = 'READ'`,
  );
  await connection.run(`CALL disable_logging()`);
  const profile = plan.map((r) => String(r.explain_value ?? '')).join('\n');
  const filesPerScan = [...profile.matchAll(/Total Files Read:\s*(\d+)/g)].map((m) => Number(m[1]));
  const sizeOf = async (f: string) => (await stat(f)).size;
  const { globSync } = await import('node:fs');
  const all = globSync(join(dir, EVENTS_PREFIX, '**', '*.parquet'));
  const inWindow = (f: string) => {
    const dt = /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(`/${relative(dir, f)}`)?.[1];
    return dt !== undefined && dt >= window.from && dt <= window.to;
  };
  const windowFiles = all.filter(inWindow);
  const windowBytes = (await Promise.all(windowFiles.map(sizeOf))).reduce((a, b) => a + b, 0);
  const lakeBytes = (await Promise.all(all.map(sizeOf))).reduce((a, b) => a + b, 0);
  // Per file: every READ's bytes, and the distinct bytes they covered (DuckDB reads a page header's
  // 256 bytes ahead, then the page from its start, and a scan may read a column chunk twice).
  const byFile = new Map<string, { pos: number; bytes: number }[]>();
  for (const r of reads) {
    const path = String(r.path);
    if (path.endsWith('.parquet')) byFile.set(path, [...(byFile.get(path) ?? []), { pos: Number(r.pos), bytes: Number(r.bytes) }]);
  }
  const distinct = (ranges: readonly { pos: number; bytes: number }[]) => {
    let covered = 0;
    let end = -1;
    for (const { pos, bytes } of [...ranges].sort((a, b) => a.pos - b.pos)) {
      const from = Math.max(pos, end);
      if (pos + bytes > from) covered += pos + bytes - from;
      end = Math.max(end, pos + bytes);
    }
    return covered;
  };
  const read = [...byFile].map(([path, ranges]) => ({ path, bytes: distinct(ranges), allReads: ranges.reduce((sum, x) => sum + x.bytes, 0) }));
  const bytesRead = read.reduce((sum, r) => sum + r.bytes, 0);
  return {
    report: name,
    window,
    filesRead: read.length,
    filesPerScan,
    bytesRead,
    allReadsBytes: read.reduce((sum, r) => sum + r.allReads, 0),
    windowFiles: windowFiles.length,
    windowBytes,
    lakeBytes,
    ratio: round(bytesRead / windowBytes, 3),
    outsideWindow: read.filter((r) => !inWindow(r.path)).length,
    outsideWindowBytes: read.filter((r) => !inWindow(r.path)).reduce((sum, r) => sum + r.bytes, 0),
  };
}

export async function measureLake(o: LakeOptions): Promise<LakeFigure> {
  const lake = s3CompactableLake(o.s3, o.bucket);
  const pop = population(o.seed);
  const draw = eventStream(pop, o.seed + 1);
  const facts = new Map(pop.posts.map((p) => [p.postId, { communityId: p.communityId, productIds: p.productIds }]));
  const today = Date.parse(`${o.now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  const byType: Record<string, number> = {};
  const dirs: string[] = [];

  // Two weeks up to today, archived as the archiver does at low traffic: a batch of a few messages, one object per type.
  let events = 0;
  for (let d = o.days - 1; d >= 0; d--) {
    const from = today - d * DAY_MS;
    for (let n = 0; n < o.eventsPerDay; n += o.eventsPerBatch) {
      const envelopes = Array.from({ length: Math.min(o.eventsPerBatch, o.eventsPerDay - n) }, () => {
        const { event, memberId } = draw(from, from + DAY_MS);
        byType[event.type] = (byType[event.type] ?? 0) + 1;
        const receivedAt = new Date(Date.parse(event.occurredAt) + 30_000);
        return toClientEnvelope(
          event,
          { memberId, username: memberId, groups: new Set(['members']) },
          receivedAt,
          'postId' in event ? facts.get(event.postId) : undefined,
        );
      });
      events += envelopes.length;
      // Messages of 100 events, packed as producers pack them.
      const messages = [];
      for (let m = 0; m < envelopes.length; m += 100) {
        const items = envelopes.slice(m, m + 100).map((e) => eventMessage(e).body);
        messages.push({ messageId: `bench-lake-${d}-${n}-${m}`, body: `{"v":2,"events":[${items.join(',')}]}` });
      }
      const outcome = await archiveBatch({ lake, clock: () => o.now }, messages);
      if (outcome.failedMessageIds.length > 0) throw new Error(`the lake refused ${outcome.failures.length} objects: ${outcome.failures[0]?.error.message}`);
    }
  }
  o.log(`  ${events.toLocaleString('en-US')} realistic events over ${o.days} days archived`);

  const shape = async (): Promise<{ shape: LakeShape; report: ReportRead }> => {
    const { objects, bytes } = await listed(lake);
    const { dir, connection } = await copyOf(o, dirs);
    const [row] = await query(connection, 'SELECT count(*) AS n FROM events_deduplicated');
    const report = await reportRead(dir, connection, 'daily-activity', o.now);
    connection.closeSync();
    return {
      shape: { objects, bytes, eventsPerObject: round(events / objects, 1), bytesPerEvent: round(bytes / events, 1), viewEvents: Number(row!.n) },
      report,
    };
  };
  try {
    const before = await shape();
    const t0 = performance.now();
    let mergedObjects = 0;
    for (let d = o.days - 1; d >= 1; d--) {
      const day = new Date(today - d * DAY_MS).toISOString().slice(0, 10);
      const outcome = await compactDay({ lake, clock: () => o.now }, day);
      mergedObjects += outcome.partitions.reduce((sum, p) => sum + p.merged.length, 0);
    }
    const ms = performance.now() - t0;
    const after = await shape();
    o.log(
      `  objects ${before.shape.objects} -> ${after.shape.objects} in ${(ms / 1000).toFixed(1)} s; a 7-day report reads ${after.report.ratio} x its window`,
    );
    return {
      seed: o.seed,
      days: o.days,
      eventsPerDay: o.eventsPerDay,
      events,
      eventsPerBatch: o.eventsPerBatch,
      byType,
      before: before.shape,
      after: after.shape,
      compaction: { closedDays: o.days - 1, ms: Math.round(ms), mergedObjects },
      reportBefore: before.report,
      reportAfter: after.report,
    };
  } finally {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
