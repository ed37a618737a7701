/**
 * The lake tells the truth: a ledger of creates, edits, deletes, holds, approvals, rejections,
 * reports, comments and reactions over HTTP on the emulators, then every product report over the
 * lake (DuckDB) against what the product API shows at the same moment; who acted on each change;
 * and that a one-week report reads only that week's files (EXPLAIN ANALYZE).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openLake, query } from '../../lambdas/analytics/duckdb-lake';
import { EVENTS_PREFIX, SCHEMA_VERSION } from '../../lambdas/analytics/envelope';
import { toParquet } from '../../lambdas/analytics/parquet';
import { REPORTS, reportWindow } from '../../lambdas/analytics/sql';
import { FULL_WEIGHT, type Member, member, openCommunity } from './support/fixtures';
import { localAnalytics } from './support/local-aws';
import { pollUntil } from './support/poll';
import { lakeIdOf } from './support/pseudonyms';
import { useLocalLake } from './support/lake';

const local = localAnalytics();
const maybe = local.lakeBucket ? describe : describe.skip;
const lake = useLocalLake();

/** Copies the lake to a fresh folder and answers each query over it, until `done` or the deadline. */
async function lakeUntil<T extends Record<string, string>>(
  queries: T,
  done: (rows: Record<keyof T, Record<string, unknown>[]>) => boolean,
  timeoutMs = 30_000,
): Promise<Record<keyof T, Record<string, unknown>[]>> {
  const look = async () => {
    const dir = await lake.copy('chorus-lake-', EVENTS_PREFIX);
    const connection = await openLake(dir);
    const rows = {} as Record<keyof T, Record<string, unknown>[]>;
    for (const [name, sql] of Object.entries(queries)) rows[name as keyof T] = await query(connection, sql);
    connection.closeSync();
    return rows;
  };
  return pollUntil(look, done, timeoutMs);
}

/** A report's rows for one product (the report without its LIMIT, so a busy lake cannot push it out). */
const reportFor = (name: string, productId: string) =>
  `SELECT * FROM (${REPORTS[name]!.sql(reportWindow(new Date())).replace(/\s+LIMIT 20$/, '')}) r WHERE product_id = '${productId}'`;

/** A member as the lake knows them: their keyed pseudonym, never their id. */
const memberIdOf = async (client: Member): Promise<string> => (await lakeIdOf((await client.get('/v1/me')).body.memberId))!;

maybe('the lake against the API', () => {
  test('after creates, edits, deletes, holds, approvals, rejections and a report threshold, every product report equals the product API', async () => {
    // Prepare: a community that blocks "scam", holds "refund" and hides at 2 reports; its people.
    const [{ communityId, manager }, alice, bob, carol, dave, erin, mo] = await Promise.all([
      openCommunity('ledger'),
      member('alice'),
      member('bob'),
      member('carol'),
      member('dave'),
      member('erin'),
      member('mo', ['moderators']),
    ]);
    expect(
      (
        await manager.put(`/v1/communities/${communityId}/moderation-policy`, {
          blockedTerms: ['scam'],
          watchedTerms: ['refund'],
          reportThreshold: 2,
          reportWeighting: FULL_WEIGHT,
        })
      ).status,
    ).toBe(200);
    const product = `SKU-LEDGER-${randomUUID().slice(0, 8).toUpperCase()}`;
    const review = async (author: Member, rating: number, body = 'A body') => {
      const res = await author.post(`/v1/communities/${communityId}/posts`, { kind: 'review', title: 'A review', body, productIds: [product], rating });
      expect(res.status).toBe(201);
      return res.body as { postId: string; status: string };
    };
    const decide = async (postId: string, action: 'approve' | 'reject') => {
      const leased = await mo.put(`/v1/moderation/items/post-${postId}/lease`);
      expect(leased.status).toBe(200);
      const res = await mo.post(`/v1/moderation/items/post-${postId}/decision`, {
        action,
        version: leased.body.version,
        ...(action === 'reject' ? { reasonCode: 'off-topic' } : {}),
      });
      expect(res.status).toBe(200);
    };

    // Act: the ledger.
    const edited = await review(alice, 4); // published, then re-rated 1
    expect((await alice.patch(`/v1/posts/${edited.postId}`, { rating: 1 }, { 'if-match': '"1"' })).status).toBe(200);
    const deleted = await review(bob, 5); // published, then deleted
    expect((await bob.delete(`/v1/posts/${deleted.postId}`)).status).toBe(204);
    const approved = await review(carol, 3, 'I want a refund'); // held, then approved
    expect(approved.status).toBe('held');
    await decide(approved.postId, 'approve');
    const rejected = await review(dave, 2, 'I want a refund'); // held, then rejected
    await decide(rejected.postId, 'reject');
    const blocked = await review(erin, 5, 'a scam'); // rejected by screening
    expect(blocked.status).toBe('rejected');
    const hidden = await review(erin, 4, 'Fine'); // published, then hidden by two reports
    for (const reporter of [alice, bob]) expect((await reporter.post(`/v1/posts/${hidden.postId}/reports`, { reasonCode: 'spam' })).status).toBe(201);
    const question = await alice.post(`/v1/communities/${communityId}/posts`, { kind: 'question', title: 'Q', body: 'b', productIds: [product] });
    expect(question.status).toBe(201);
    const kept = (await bob.post(`/v1/posts/${edited.postId}/comments`, { body: 'agreed' })).body;
    const gone = (await carol.post(`/v1/posts/${edited.postId}/comments`, { body: 'hmm' })).body;
    expect((await carol.delete(`/v1/posts/${edited.postId}/comments/${gone.commentId}`)).status).toBe(204);
    expect((await dave.post(`/v1/posts/${edited.postId}/comments/${kept.commentId}/reports`, { reasonCode: 'abuse' })).status).toBe(201);
    expect((await bob.put(`/v1/posts/${edited.postId}/reactions/like`)).status).toBe(200);
    expect((await carol.put(`/v1/posts/${edited.postId}/reactions/like`)).status).toBe(200);
    expect((await bob.delete(`/v1/posts/${edited.postId}/reactions/like`)).status).toBe(200);

    // What the product API shows now.
    const shown = (await alice.get(`/v1/products/${product}/posts?limit=100`)).body;
    const items = shown.items as { commentCount: number; reactionCounts: Record<string, number> }[];
    const api = {
      reviews: shown.reviewCount,
      averageRating: shown.averageRating,
      posts: items.length,
      comments: items.reduce((sum, p) => sum + p.commentCount, 0),
      reactions: items.reduce((sum, p) => sum + Object.values(p.reactionCounts).reduce((a, b) => a + b, 0), 0),
    };
    // By hand: the re-rated 1 and the approved 3 stand; the deleted, rejected, blocked and hidden do not.
    expect(api).toEqual({ reviews: 2, averageRating: 2, posts: 3, comments: 1, reactions: 1 });

    // Assess: the lake's reports, once the pipeline has carried every event of the ledger.
    const postEvents = `SELECT event_type, actor_id, json_extract_scalar(data, '$.status') AS status, post_id FROM events_deduplicated
      WHERE community_id = '${communityId}' AND event_type LIKE 'post.%'`;
    const rows = await lakeUntil(
      {
        top: reportFor('top-products', product),
        worst: reportFor('worst-rated-products', product),
        discussed: reportFor('most-discussed-products', product),
        posts: postEvents,
        times: `SELECT event_type, actor_id, post_id, CAST(occurred_at AS VARCHAR) AS at FROM events_deduplicated
          WHERE community_id = '${communityId}' AND event_type IN ('member.joined', 'post.created', 'reaction.added', 'reaction.removed')`,
        others: `SELECT event_type, actor_id, community_id, post_id, product_ids, data FROM events_deduplicated
          WHERE community_id = '${communityId}' AND event_type NOT LIKE 'post.%'`,
      },
      // 7 creates + 1 edit + 1 delete + 2 decisions + 1 hide; 3 comment and 3 reaction events; 2 claims,
      // 2 decisions, 3 reports; 5 members joined.
      (r) => {
        const count = (pattern: RegExp) => r.others.filter((e) => pattern.test(String(e.event_type))).length;
        return (
          r.posts.length >= 12 &&
          count(/^(comment|reaction)\./) >= 6 &&
          count(/^moderation\.(claimed|decided)$/) >= 4 &&
          count(/^report\.filed$/) >= 3 &&
          r.times.filter((e) => e.event_type === 'member.joined').length >= 5
        );
      },
    );
    expect(rows.worst).toEqual([{ product_id: product, reviews: String(api.reviews), average_rating: api.averageRating }]);
    expect(rows.top).toEqual([
      {
        product_id: product,
        interactions: String(api.posts + api.comments + api.reactions),
        posts: String(api.posts),
        reviews: String(api.reviews),
        average_rating: api.averageRating,
        comments: String(api.comments),
        reactions: String(api.reactions),
        views: '0',
      },
    ]);
    expect(rows.discussed).toEqual([{ product_id: product, interactions: String(api.comments + api.reactions), posts: String(api.posts) }]);

    // Who acted: the moderator on decisions and their content changes, nobody on a threshold's hide.
    const moId = await memberIdOf(mo);
    const [aliceId, bobId, carolId] = (await Promise.all([alice, bob, carol].map(memberIdOf))) as [string, string, string];
    const of = (postId: string, type: string) => rows.posts.filter((e) => e.post_id === postId && e.event_type === type);
    expect(of(approved.postId, 'post.created')).toEqual([{ event_type: 'post.created', actor_id: carolId, status: 'held', post_id: approved.postId }]);
    expect(of(approved.postId, 'post.published')).toEqual([{ event_type: 'post.published', actor_id: moId, status: 'published', post_id: approved.postId }]);
    expect(of(rejected.postId, 'post.unpublished')).toEqual([{ event_type: 'post.unpublished', actor_id: moId, status: 'rejected', post_id: rejected.postId }]);
    expect(of(rejected.postId, 'post.edited')).toEqual([]);
    expect(of(hidden.postId, 'post.unpublished')).toEqual([{ event_type: 'post.unpublished', actor_id: null, status: 'held', post_id: hidden.postId }]);
    expect(of(deleted.postId, 'post.deleted')).toEqual([{ event_type: 'post.deleted', actor_id: bobId, status: 'deleted', post_id: deleted.postId }]);
    expect(of(edited.postId, 'post.edited')).toEqual([{ event_type: 'post.edited', actor_id: aliceId, status: 'published', post_id: edited.postId }]);
    const others = (type: string) => rows.others.filter((e) => e.event_type === type);
    expect(others('moderation.claimed').map((e) => [e.actor_id, e.post_id])).toEqual(
      expect.arrayContaining([
        [moId, approved.postId],
        [moId, rejected.postId],
      ]),
    );
    expect(others('moderation.decided').map((e) => e.actor_id)).toEqual([moId, moId]);
    // Comments, reactions and a report on a comment name their community, post and products.
    for (const type of ['comment.created', 'comment.deleted', 'reaction.added', 'reaction.removed']) {
      expect(others(type).length).toBeGreaterThan(0);
      for (const e of others(type)) expect(e).toMatchObject({ community_id: communityId, post_id: edited.postId, product_ids: [product] });
    }
    // Times come from the items, to the millisecond: a removal after its add, a joining at the first post.
    const at = (type: string, actor: string) => rows.times.filter((e) => e.event_type === type && e.actor_id === actor).map((e) => String(e.at));
    const [added] = at('reaction.added', bobId);
    const [removed] = at('reaction.removed', bobId);
    expect(removed! > added!).toBe(true);
    expect(at('member.joined', aliceId)).toEqual([at('post.created', aliceId).sort()[0]]);
    const commentReport = others('report.filed').filter((e) => JSON.parse(String(e.data)).target === 'comment');
    expect(commentReport).toEqual([expect.objectContaining({ actor_id: null, community_id: communityId, post_id: edited.postId })]);
  }, 60_000);
});

describe('what a report reads', () => {
  /** Writes one Parquet file of one event per (type, day): the layout the archiver writes. */
  async function lakeOf(days: readonly string[], types: readonly string[]): Promise<string> {
    const dir = await lake.tempDir('chorus-pruning-');
    for (const day of days) {
      for (const type of types) {
        const at = `${day}T12:00:00.000Z`;
        const event = {
          event_id: randomUUID(),
          event_type: type,
          schema_version: SCHEMA_VERSION,
          occurred_at: at,
          received_at: at,
          actor_id: 'm1',
          community_id: 'c1',
          post_id: `P-${day}`,
          product_ids: ['SKU-1'],
          data: { kind: 'review', status: 'published', rating: 4, version: 1 },
        };
        const folder = join(dir, EVENTS_PREFIX, `event_type=${type}`, `dt=${day}`);
        await mkdir(folder, { recursive: true });
        await writeFile(join(folder, `${event.event_id.replaceAll('-', '')}.parquet`), toParquet([event as never]));
      }
    }
    return dir;
  }

  /** How many Parquet files each scan of `sql` opened, from DuckDB's EXPLAIN ANALYZE profile. */
  async function filesReadPerScan(dir: string, sql: string): Promise<number[]> {
    const connection = await openLake(dir);
    const rows = await query(connection, `EXPLAIN ANALYZE ${sql}`);
    connection.closeSync();
    const profile = rows.map((r) => String(r.explain_value ?? '')).join('\n');
    const counts = [...profile.matchAll(/Total Files Read:\s*(\d+)/g)].map((m) => Number(m[1]));
    if (counts.length === 0) throw new Error(`no "Total Files Read" in the profile:\n${profile}`);
    return counts;
  }

  test("a one-week report over the deduplicated view reads only that week's files of the types it asks for", async () => {
    // Prepare: 35 days, 4 types a day, one file each: 140 files; the report asks for post-state types
    // (2 of the 4 here) over 7 days: 14 files.
    const today = new Date('2026-11-30T10:00:00.000Z');
    const days = Array.from({ length: 35 }, (_, i) => new Date(today.getTime() - i * 86_400_000).toISOString().slice(0, 10));
    const dir = await lakeOf(days, ['post.created', 'post.edited', 'comment.created', 'post.viewed']);

    // Act
    const all = await filesReadPerScan(dir, 'SELECT count(*) FROM events_deduplicated');
    const oneWeek = await filesReadPerScan(dir, REPORTS['worst-rated-products']!.sql(reportWindow(today)));

    // Assess: the whole lake reads every file; each scan of the report (DuckDB plans the unnested CTE
    // as two scans) reads only the week's files of its types.
    console.log(`files read per scan: whole lake ${all.join(', ')}; one-week worst-rated-products ${oneWeek.join(', ')}`);
    expect(all).toEqual([140]);
    expect(oneWeek.length).toBeGreaterThan(0);
    for (const files of oneWeek) expect(files).toBe(14);
  });

  test('a seven-day window holds the reviews of exactly the seven UTC days up to today (the literal bounds DuckDB and Athena read alike)', async () => {
    // Prepare: a review a day for 35 days.
    const today = new Date('2026-11-30T23:00:00.000Z');
    const days = Array.from({ length: 35 }, (_, i) => new Date(today.getTime() - i * 86_400_000).toISOString().slice(0, 10));
    const connection = await openLake(await lakeOf(days, ['post.created']));

    // Act
    const rows = await query(connection, REPORTS['worst-rated-products']!.sql(reportWindow(today)));
    connection.closeSync();

    // Assess: 2026-11-24 to 2026-11-30; not the 23rd, which a timestamp string bound lets in or out by engine.
    expect(rows).toEqual([{ product_id: 'SKU-1', reviews: '7', average_rating: 4 }]);
  });
});
