/**
 * What the reports count, over a lake fixture in DuckDB: net reactions (a member toggling a reaction
 * counts what stands), and at most one view per member, post and UTC day, however often the app
 * reports it. The fixture is Parquet in the archiver's layout, so the reports' SQL runs unchanged.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLake, query } from '../../../lambdas/analytics/duckdb-lake';
import { EVENTS_PREFIX, SCHEMA_VERSION } from '../../../lambdas/analytics/envelope';
import { toParquet } from '../../../lambdas/analytics/parquet';
import { REPORTS, reportWindow } from '../../../lambdas/analytics/sql';

const [D1, D2] = ['2026-11-28', '2026-11-29'];
const TODAY = new Date('2026-11-30T10:00:00.000Z');
const PRODUCT = 'SKU-COUNT-1';
const POST = '01JD0000000000000000000POST';

type Fixture = { type: string; day: string; actor: string; data?: Record<string, unknown> };

/** Writes the events as the archiver would: one Parquet object per (type, day) batch. */
async function lakeOf(events: readonly Fixture[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-counting-'));
  const batches = new Map<string, unknown[]>();
  events.forEach((e, i) => {
    const at = new Date(Date.parse(`${e.day}T08:00:00.000Z`) + i * 1000).toISOString();
    const envelope = {
      event_id: randomUUID(),
      event_type: e.type,
      schema_version: SCHEMA_VERSION,
      occurred_at: at,
      received_at: at,
      actor_id: e.actor,
      community_id: 'c-count',
      post_id: POST,
      product_ids: [PRODUCT],
      data: e.data ?? {},
    };
    const folder = join(EVENTS_PREFIX, `event_type=${e.type}`, `dt=${e.day}`);
    batches.set(folder, [...(batches.get(folder) ?? []), envelope]);
  });
  for (const [folder, batch] of batches) {
    await mkdir(join(dir, folder), { recursive: true });
    await writeFile(join(dir, folder, `${randomUUID()}.parquet`), toParquet(batch as never));
  }
  return dir;
}

const times = (n: number, event: Fixture): Fixture[] => Array.from({ length: n }, () => event);

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

test('reports count net reactions and at most one view per member, post and day', async () => {
  // Prepare: a published review; m1 toggles "like" 25 times (13 adds, 12 removals: it stands), m2 adds
  // one; m1 views it 5 times on one day and 3 the next, m2 once: 3 member-days of views.
  dir = await lakeOf([
    { type: 'post.created', day: D1, actor: 'author', data: { kind: 'review', status: 'published', rating: 4, version: 1 } },
    ...Array.from(
      { length: 25 },
      (_, i): Fixture => ({ type: i % 2 === 0 ? 'reaction.added' : 'reaction.removed', day: D1, actor: 'm1', data: { reaction: 'like' } }),
    ),
    { type: 'reaction.added', day: D1, actor: 'm2', data: { reaction: 'like' } },
    ...times(5, { type: 'post.viewed', day: D1, actor: 'm1' }),
    ...times(3, { type: 'post.viewed', day: D2, actor: 'm1' }),
    { type: 'post.viewed', day: D1, actor: 'm2' },
  ]);
  const connection = await openLake(dir);
  const window = reportWindow(TODAY);

  // Act
  const top = await query(connection, REPORTS['top-products']!.sql(window));
  const activity = await query(connection, REPORTS['daily-activity']!.sql(window));
  connection.closeSync();

  // Assess: 1 post + 2 standing likes + 3 views.
  expect(top).toEqual([{ product_id: PRODUCT, interactions: '6', posts: '1', reviews: '1', average_rating: 4, comments: '0', reactions: '2', views: '3' }]);
  const views = activity.filter((r) => r.event_type === 'post.viewed').map((r) => [r.day, r.events, r.members]);
  expect(views).toEqual([
    [D2, '1', '1'],
    [D1, '2', '2'],
  ]);
});
