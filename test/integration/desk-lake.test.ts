/**
 * The lake's response-times report equals GET /v1/desk/stats on the same data: a desk worked through
 * the use cases on an injected clock (known waits), its events through the real stream, publisher,
 * queue and archiver into the lake, read back with DuckDB.
 */
import { ResponsePolicy } from '../../lambdas/api/desk-schemas';
import { openLake, query } from '../../lambdas/analytics/duckdb-lake';
import { EVENTS_PREFIX } from '../../lambdas/analytics/envelope';
import { REPORTS, reportWindow } from '../../lambdas/analytics/sql';
import { createComment } from '../../lambdas/comments/comments';
import { createCommunity } from '../../lambdas/communities/communities';
import { closeDeskItem, deskStats, putResponsePolicy } from '../../lambdas/desk/desk';
import type { Caller } from '../../lambdas/domain/caller';
import { createPost } from '../../lambdas/posts/posts';
import { uniqueId } from './support/api';
import { localAnalytics } from './support/local-aws';
import { pollUntil } from './support/poll';
import { tableDeps } from './support/table-deps';
import { useLocalLake } from './support/lake';

const local = localAnalytics();
const maybe = local.lakeBucket ? describe : describe.skip;
const lake = useLocalLake();

const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const [cara, alice, sol] = [who('desk-lake-cara', 'community-managers'), who('desk-lake-alice', 'members'), who('desk-lake-sol', 'retail-staff')];

maybe('the response-times report', () => {
  test('equals GET /v1/desk/stats on the same responses: counts, attainment, p50 and p90 by kind', async () => {
    // Prepare: four questions answered after 10 min, 1 h, 3 h and 5 h (due in 4 h), two reviews closed after 2 h and 30 h (due in 24 h).
    let now = new Date('2026-11-24T08:00:00.000Z');
    const d = tableDeps(() => now);
    const communityId = uniqueId('desklake');
    await createCommunity(d, cara, { communityId, name: 'Desk lake', description: '', rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 } } as never);
    await putResponsePolicy(
      d,
      cara,
      communityId,
      ResponsePolicy.parse({ question: { withinHours: 4 }, review: { withinHours: 24, maxRating: 2 }, idea: null }),
    );
    const start = now.getTime();
    const at = (seconds: number) => (now = new Date(start + seconds * 1000));
    const questions = [];
    for (const n of [1, 2, 3, 4])
      questions.push(await createPost(d, alice, communityId, { kind: 'question', title: `Q${n}`, body: '?', productIds: [], tags: [] }));
    const reviews = [];
    for (const n of [1, 2])
      reviews.push(await createPost(d, alice, communityId, { kind: 'review', title: `R${n}`, body: 'bad', productIds: ['SKU-LAKE'], tags: [], rating: n }));
    for (const [n, seconds] of [600, 3600, 10_800, 18_000].entries()) {
      at(seconds);
      await createComment(d, sol, questions[n]!.postId, { body: 'Official answer' });
    }
    at(7200);
    await closeDeskItem(d, sol, `desk-${reviews[0]!.postId}`, { reasonCode: 'handled-elsewhere' });
    at(30 * 3600);
    await closeDeskItem(d, sol, `desk-${reviews[1]!.postId}`, { reasonCode: 'no-response-needed' });
    const stats = await deskStats(d, sol, communityId, 7);

    // Act: the report over the lake, once the six responses have arrived.
    const sql = `SELECT * FROM (${REPORTS['response-times']!.sql(reportWindow(now, 7))}) r WHERE community_id = '${communityId}' ORDER BY kind`;
    const rows = await pollUntil(
      async () => {
        const dir = await lake.copy('chorus-desk-lake-', EVENTS_PREFIX);
        const connection = await openLake(dir);
        const found = await query(connection, sql);
        connection.closeSync();
        return found;
      },
      (found) => found.reduce((sum, row) => sum + Number(row.responded), 0) === 6,
      60_000,
    );

    // Assess: one week (Monday 23 November), the same figures as the stats route.
    expect(rows.map((row) => row.week)).toEqual(['2026-11-23', '2026-11-23']);
    for (const row of rows) {
      const kind = row.kind as 'question' | 'review';
      expect({
        responded: Number(row.responded),
        met: Number(row.met),
        missed: Number(row.missed),
        attainmentPercent: Number(row.attainment_percent),
        p50Seconds: Number(row.p50_seconds),
        p90Seconds: Number(row.p90_seconds),
      }).toEqual(stats.byKind[kind]);
    }
    expect(stats.byKind.question).toMatchObject({ responded: 4, met: 3, missed: 1, attainmentPercent: 75 });
    expect(stats.byKind.review).toMatchObject({ responded: 2, met: 1, missed: 1, attainmentPercent: 50 });
  }, 90_000);
});
