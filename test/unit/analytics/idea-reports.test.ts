/**
 * The idea reports over a lake fixture in DuckDB, with answers worked out by hand: idea-pipeline's
 * lead times per team and what waits in each status, voter-return's shares before and after shipping.
 * The fixture is Parquet in the archiver's layout, so the reports' SQL runs unchanged.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLake, query } from '../../../lambdas/analytics/duckdb-lake';
import { EVENTS_PREFIX, SCHEMA_VERSION } from '../../../lambdas/analytics/envelope';
import { toParquet } from '../../../lambdas/analytics/parquet';
import { REPORTS, reportWindow } from '../../../lambdas/analytics/sql';

interface Fixture {
  readonly type: string;
  readonly at: string;
  readonly post: string;
  readonly actor?: string;
  readonly data?: Record<string, unknown>;
}

async function lakeOf(events: readonly Fixture[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-ideas-'));
  const batches = new Map<string, unknown[]>();
  for (const e of events) {
    const folder = join(EVENTS_PREFIX, `event_type=${e.type}`, `dt=${e.at.slice(0, 10)}`);
    const envelope = {
      event_id: randomUUID(),
      event_type: e.type,
      schema_version: SCHEMA_VERSION,
      occurred_at: e.at,
      received_at: e.at,
      actor_id: e.actor ?? 'staff',
      community_id: 'c-ideas',
      post_id: e.post,
      product_ids: [],
      data: e.data ?? {},
    };
    batches.set(folder, [...(batches.get(folder) ?? []), envelope]);
  }
  for (const [folder, batch] of batches) {
    await mkdir(join(dir, folder), { recursive: true });
    await writeFile(join(dir, folder, `${randomUUID()}.parquet`), toParquet(batch as never));
  }
  return dir;
}

const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, 1 + day, hour)).toISOString();
const created = (post: string, day: number): Fixture => ({ type: 'post.created', at: at(day), post, data: { kind: 'idea', status: 'published', version: 1 } });
const moved = (post: string, to: string, day: number, hour = 0): Fixture => ({
  type: 'idea.status-changed',
  at: at(day, hour),
  post,
  data: { to, actor_role: 'partner' },
});
const assigned = (post: string, team: string, day: number): Fixture => ({ type: 'idea.assigned', at: at(day), post, data: { team } });

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

test('idea-pipeline: per team, what waits in each status and the p50 / p90 hours between milestones', async () => {
  // supply-chain: A opened day 0, review day 1 (24 h), planned day 3 (48 h), shipped day 6 (72 h): 144 h open to shipped.
  //               B opened day 0, review day 2 (48 h), planned day 2 12:00 (12 h), still planned.
  //               C opened day 1, never moved: waits open. Reassigned from sales-channel: the last team counts.
  // (unassigned): D opened day 2, declined day 4.
  dir = await lakeOf([
    created('A', 0),
    created('B', 0),
    created('C', 1),
    created('D', 2),
    assigned('A', 'supply-chain', 0),
    assigned('B', 'supply-chain', 0),
    assigned('C', 'sales-channel', 1),
    assigned('C', 'supply-chain', 2),
    moved('A', 'under-review', 1),
    moved('A', 'planned', 3),
    moved('A', 'shipped', 6),
    moved('B', 'under-review', 2),
    moved('B', 'planned', 2, 12),
    moved('D', 'declined', 4),
  ]);
  const connection = await openLake(dir);
  const rows = await query(connection, REPORTS['idea-pipeline']!.sql(reportWindow(new Date(at(10)), 30)));
  expect(rows).toEqual([
    expect.objectContaining({ team: '(unassigned)', ideas: '1', waiting_open: '0', closed_otherwise: '1', open_to_review_p50_h: null }),
    expect.objectContaining({
      team: 'supply-chain',
      ideas: '3',
      waiting_open: '1',
      waiting_under_review: '0',
      waiting_planned: '1',
      shipped: '1',
      open_to_review_p50_h: 24,
      open_to_review_p90_h: 48,
      review_to_planned_p50_h: 12,
      review_to_planned_p90_h: 48,
      planned_to_shipped_p50_h: 72,
      open_to_shipped_p50_h: 144,
    }),
  ]);
});

test("voter-return: the share of an idea's voters (its merged duplicate's too) active 30 days before it shipped and 30 days after", async () => {
  // Y ships on day 40. Voters: v1, v2 on Y; v3 on X, merged into Y; v1 also voted X (counted once).
  // v1: a comment on day 20 (before) and day 50 (after); v2: only their vote (not a return), then a reaction on day 45;
  // v3: a comment on day 5 (more than 30 days before: not counted) and nothing after.
  dir = await lakeOf([
    { type: 'idea.voted', at: at(1), post: 'Y', actor: 'v1' },
    { type: 'idea.voted', at: at(2), post: 'Y', actor: 'v2' },
    { type: 'idea.voted', at: at(3), post: 'X', actor: 'v3' },
    { type: 'idea.voted', at: at(3), post: 'X', actor: 'v1' },
    { type: 'idea.merged', at: at(4), post: 'X', data: { into_post_id: 'Y' } },
    { type: 'comment.created', at: at(5), post: 'Z', actor: 'v3' },
    { type: 'comment.created', at: at(20), post: 'Z', actor: 'v1' },
    moved('Y', 'shipped', 40),
    { type: 'reaction.added', at: at(45), post: 'Z', actor: 'v2' },
    { type: 'comment.created', at: at(50), post: 'Z', actor: 'v1' },
  ]);
  const connection = await openLake(dir);
  const rows = await query(connection, REPORTS['voter-return']!.sql(reportWindow(new Date(at(80)), 90)));
  expect(rows).toEqual([
    expect.objectContaining({ post_id: 'Y', voters: '3', active_before: '1', active_after: '2', share_before: 0.333, share_after: 0.667 }),
  ]);
});
