/**
 * Compaction on the local runtime's lake (fauxqs S3) through the real S3 adapter, checked with DuckDB
 * over the deduplicated view: a closed day's small objects become one object per partition; every
 * event is seen exactly once before, during (a crash between the write and the deletes) and after;
 * a rerun converges; a merged object that does not verify deletes nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { archiveBatch } from '../../lambdas/analytics/archive';
import { CompactionVerificationError, compactDay, partitionPrefix } from '../../lambdas/analytics/compact';
import { openLake, query, syncLake } from '../../lambdas/analytics/duckdb-lake';
import { SCHEMA_VERSION } from '../../lambdas/analytics/envelope';
import { eventMessage } from '../../lambdas/analytics/messages';
import { rowsToParquet } from '../../lambdas/analytics/parquet';
import type { CompactableLake, CompactorDeps } from '../../lambdas/analytics/ports';
import { s3CompactableLake } from '../../lambdas/analytics/s3-compactable-lake';
import { localAnalytics, resolveLocalhostNames } from './support/local-aws';

const local = localAnalytics();
const maybe = local.lakeBucket ? describe : describe.skip;
const TYPES = ['post.viewed', 'search.performed'] as const;
let restoreDns: () => void;
let s3: S3Client;
const dirs: string[] = [];

beforeAll(() => {
  restoreDns = resolveLocalhostNames();
  s3 = new S3Client({});
});
afterAll(async () => {
  s3?.destroy();
  restoreDns?.();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A day of its own in the past for each test (tests share the bucket and run in any order). */
const ownDay = (): string => new Date(Date.UTC(2020, 0, 1) + Math.floor(Math.random() * 1800) * 86_400_000).toISOString().slice(0, 10);

const envelope = (day: string, type: string, n: number, received = `${day}T23:00:00.000Z`) => ({
  event_id: randomUUID(),
  event_type: type,
  schema_version: SCHEMA_VERSION,
  occurred_at: `${day}T${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00.000Z`,
  received_at: received,
  actor_id: `member-${n % 7}`,
  community_id: `community-${n % 3}`,
  post_id: type === 'post.viewed' ? `POST${n}` : null,
  product_ids: n % 2 === 0 ? [`SKU-${n}`] : [],
  data: type === 'post.viewed' ? { source: 'feed', dwell_ms: 1000 + n } : { query_length: n % 30, result_count: n },
});

/**
 * Archives `batches` batches of small packed messages through the archiver's use case: one small
 * object per type a batch, as a quiet day leaves them. The last batch is retried recomposed (half of
 * its events again with others): at least once in the lake. Answers the distinct event ids.
 */
async function quietDay(lake: CompactableLake, day: string, batches: number): Promise<Set<string>> {
  const ids = new Set<string>();
  let last: ReturnType<typeof envelope>[] = [];
  for (let b = 0; b < batches; b++) {
    last = Array.from({ length: 10 }, (_, n) => envelope(day, TYPES[n % 2]!, b * 10 + n));
    for (const e of last) ids.add(e.event_id);
    const body = JSON.stringify({ v: 2, events: last.map((e) => JSON.parse(eventMessage(e as never).body)) });
    const outcome = await archiveBatch({ lake, clock: () => new Date() }, [{ messageId: `m-${b}`, body }]);
    expect(outcome.failedMessageIds).toEqual([]);
  }
  // The retry: half the last batch again, a day later, with two new events.
  const again = [...last.slice(0, 5).map((e) => ({ ...e, received_at: `${day}T23:30:00.000Z` })), envelope(day, TYPES[0], 900), envelope(day, TYPES[1], 901)];
  for (const e of again) ids.add(e.event_id);
  await archiveBatch({ lake, clock: () => new Date() }, [{ messageId: 'm-retry', body: JSON.stringify({ v: 2, events: again }) }]);
  return ids;
}

const objectsOf = async (lake: CompactableLake, day: string) =>
  Object.fromEntries(await Promise.all(TYPES.map(async (t) => [t, (await lake.list(partitionPrefix(t, day))).map((o) => o.key)] as const)));

/** The day's rows as DuckDB sees them: raw rows, rows of the deduplicated view, and its distinct ids. */
async function viewOf(day: string): Promise<{ raw: number; deduplicated: number; ids: Set<string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-compaction-'));
  dirs.push(dir);
  for (const type of TYPES) await syncLake(s3, local.lakeBucket!, dir, partitionPrefix(type, day));
  const connection = await openLake(dir);
  const [raw] = await query(connection, `SELECT count(*) AS n FROM events WHERE dt = '${day}'`);
  const rows = await query(connection, `SELECT event_id FROM events_deduplicated WHERE dt = '${day}'`);
  connection.closeSync();
  return { raw: Number(raw!.n), deduplicated: rows.length, ids: new Set(rows.map((r) => String(r.event_id))) };
}

maybe('lake compaction', () => {
  test("merges a closed day's small objects into one object per partition; the deduplicated view sees each event once before and after", async () => {
    // Prepare: 12 quiet batches and a recomposed retry: 13 small objects per type, 5 events stored twice.
    const day = ownDay();
    const lake = s3CompactableLake(s3, local.lakeBucket!);
    const ids = await quietDay(lake, day, 12);
    const before = await viewOf(day);
    expect((await objectsOf(lake, day))['post.viewed']).toHaveLength(13);
    expect(before.raw).toBe(ids.size + 5);

    // Act
    const outcome = await compactDay({ lake, clock: () => new Date() }, day);

    // Assess: one object per partition, each event once in the files themselves and in the view.
    const after = await viewOf(day);
    const objects = await objectsOf(lake, day);
    for (const type of TYPES)
      expect(objects[type]).toEqual([expect.stringMatching(new RegExp(`event_type=${type}/dt=${day}/compacted-[0-9a-f]{32}\\.parquet$`))]);
    expect(after).toEqual({ raw: ids.size, deduplicated: ids.size, ids });
    expect(before.deduplicated).toBe(ids.size);
    expect(before.ids).toEqual(ids);
    const merged = outcome.partitions.filter((p) => p.merged.length > 0);
    expect(merged.map((p) => [p.before.objects, p.after.objects])).toEqual([
      [13, 1],
      [13, 1],
    ]);
  }, 60_000);

  test('a crash between writing the merged object and deleting the small ones loses nothing and shows nothing twice; the rerun converges', async () => {
    // Prepare: a lake whose deletes fail, as a run that dies right after its write.
    const day = ownDay();
    const lake = s3CompactableLake(s3, local.lakeBucket!);
    const ids = await quietDay(lake, day, 6);
    const crashing: CompactableLake = {
      ...lake,
      delete: async () => {
        throw new Error('the function timed out before its deletes');
      },
    };

    // Act: the run that crashes, then the next scheduled run.
    await expect(compactDay({ lake: crashing, clock: () => new Date() }, day)).rejects.toThrow('timed out');
    const during = await viewOf(day);
    const left = await objectsOf(lake, day);
    const rerun = await compactDay({ lake, clock: () => new Date() }, day);

    // Assess: during, the merged object sits next to every small one and the view sees each event once;
    // the rerun rewrites the same merged key and removes the rest.
    expect(left['post.viewed']).toHaveLength(8);
    expect(left['post.viewed']!.filter((k) => k.includes('/compacted-'))).toHaveLength(1);
    expect(during.deduplicated).toBe(ids.size);
    expect(during.ids).toEqual(ids);
    expect(during.raw).toBeGreaterThan(ids.size);
    const after = await viewOf(day);
    expect(after).toEqual({ raw: ids.size, deduplicated: ids.size, ids });
    const objects = await objectsOf(lake, day);
    expect(objects['post.viewed']).toEqual(left['post.viewed']!.filter((k) => k.includes('/compacted-')));
    expect(rerun.partitions.find((p) => p.prefix === partitionPrefix('post.viewed', day))!.after.objects).toBe(1);
  }, 60_000);

  test('a merged object that does not read back with every event id deletes nothing', async () => {
    // Prepare: a lake that loses a row of what it stores under a compacted key.
    const day = ownDay();
    const lake = s3CompactableLake(s3, local.lakeBucket!);
    const ids = await quietDay(lake, day, 3);
    const before = await objectsOf(lake, day);
    const lossy: CompactorDeps = {
      clock: () => new Date(),
      lake: {
        ...lake,
        put: async (key, body, contentType) => {
          if (!key.includes('/compacted-')) return lake.put(key, body, contentType);
          const { parquetReadObjects } = await import('hyparquet');
          const rows = await parquetReadObjects({ file: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer });
          return lake.put(key, rowsToParquet(rows.slice(1) as never), contentType);
        },
      },
    };

    // Act
    await expect(compactDay(lossy, day)).rejects.toThrow(CompactionVerificationError);

    // Assess: every small object is still there, next to the bad merged one; the view still sees each event once.
    const after = await objectsOf(lake, day);
    expect(after['post.viewed']!.filter((k) => !k.includes('/compacted-'))).toEqual(before['post.viewed']);
    expect((await viewOf(day)).ids).toEqual(ids);
  }, 60_000);
});
