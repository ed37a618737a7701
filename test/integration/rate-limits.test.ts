/**
 * Posting, reporting and sending events faster than allowed is refused, in the backend, per member,
 * over a sliding one-minute window (a bucket of the limit's units refilled evenly over the minute).
 * The boundary is tested with an injected clock against DynamoDB Local (the use case and the real
 * adapter, as moderation-leases.test.ts does); the HTTP answer (429, Retry-After, problem details)
 * over the local runtime, whose clock is the system's.
 */
import { createCommunity } from '../../lambdas/communities/communities';
import type { Caller } from '../../lambdas/domain/caller';
import { RateLimitedError } from '../../lambdas/domain/errors';
import { EVENTS_PER_MINUTE, REPORTS_PER_MINUTE } from '../../lambdas/domain/rate-limit';
import { communityFeed, createPost } from '../../lambdas/posts/posts';
import { tableDeps } from './support/table-deps';
import { uniqueId } from './support/api';
import { member, openCommunity } from './support/fixtures';

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const LIMIT = 2;
const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });

/** Use cases on DynamoDB Local with a clock the test moves; a community of its own with a limit of LIMIT posts a minute. */
async function givenInjectedClock(start: string, limit = LIMIT) {
  let now = new Date(start);
  const deps = tableDeps(() => now);
  const communityId = uniqueId('rate-clock');
  await createCommunity(deps, who(uniqueId('rate-cara'), 'community-managers'), {
    communityId,
    name: 'Slow',
    description: '',
    rateLimits: { postsPerMinute: limit, commentsPerMinute: limit },
  });
  const eager = who(uniqueId('rate-eager'), 'members');
  let n = 0;
  return {
    setClock: (iso: string) => (now = new Date(iso)),
    postAsEager: () => createPost(deps, eager, communityId, { kind: 'discussion', title: `post ${++n}`, body: 'b', productIds: [], tags: [] }),
    feedSize: async () => (await communityFeed(deps, communityId, undefined, { limit: 100 })).items.length,
  };
}

(local ? describe : describe.skip)('the post rate limit at its boundary (injected clock, DynamoDB Local)', () => {
  it('admits exactly the limit at once, refuses the next until one post has refilled, then admits one a refill apart', async () => {
    // A limit of 2 a minute refills one post every 30 s.
    const { setClock, postAsEager, feedSize } = await givenInjectedClock('2026-11-23T10:00:10.000Z');

    const admitted = [await postAsEager(), await postAsEager()];
    const refused = postAsEager();

    expect(admitted.map((p) => p.status)).toEqual(['published', 'published']);
    await expect(refused).rejects.toThrow(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 30 });
    await expect(refused).rejects.toThrow(`at most ${LIMIT} times a minute`);
    expect(await feedSize()).toBe(LIMIT);

    setClock('2026-11-23T10:00:39.999Z');
    await expect(postAsEager()).rejects.toMatchObject({ retryAfterSeconds: 1 });

    setClock('2026-11-23T10:00:40.000Z');
    expect((await postAsEager()).status).toBe('published');
    await expect(postAsEager()).rejects.toMatchObject({ retryAfterSeconds: 30 });
    expect(await feedSize()).toBe(LIMIT + 1);
  });

  it('refuses a burst across a minute edge: 10 posts in 2.4 s admit only the limit of 5', async () => {
    const limit = 5;
    const { setClock, postAsEager, feedSize } = await givenInjectedClock('2026-11-23T10:00:58.800Z', limit);
    const outcomes: string[] = [];

    for (let i = 0; i < 10; i++) {
      setClock(new Date(Date.parse('2026-11-23T10:00:58.800Z') + i * 240).toISOString());
      outcomes.push(
        await postAsEager().then(
          (p) => p.status,
          (error: unknown) => (error instanceof RateLimitedError ? 'refused' : String(error)),
        ),
      );
    }

    expect(outcomes).toEqual([...Array<string>(limit).fill('published'), ...Array<string>(10 - limit).fill('refused')]);
    expect(await feedSize()).toBe(limit);
  });
});

describe('the post rate limit over HTTP', () => {
  it('answers the post past the limit with 429, Retry-After until one post has refilled and problem details, and writes nothing', async () => {
    const [{ communityId }, eager] = await Promise.all([openCommunity('rate', { postsPerMinute: LIMIT, commentsPerMinute: LIMIT }), member('eager')]);
    const before = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      statuses.push((await eager.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: `post ${i}`, body: 'b' })).status);
    }
    const after = Date.now();
    const refusal = await eager.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'one more', body: 'b' });

    expect(statuses).toEqual([...Array<number>(LIMIT).fill(201), 429]);
    // One post refills every 60 / LIMIT s, counted from the first post (between `before` and `after`).
    const refill = 60 / LIMIT;
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThanOrEqual(Math.floor(refill - (Date.now() - before) / 1000));
    expect(Number(refusal.headers.get('retry-after'))).toBeLessThanOrEqual(refill);
    expect(after - before).toBeLessThan(refill * 1000);
    expect(refusal.status).toBe(429);
    expect(refusal.headers.get('content-type')).toBe('application/problem+json');
    expect(refusal.body).toMatchObject({ status: 429, detail: expect.stringMatching(`at most ${LIMIT} times a minute`) });
    expect((await eager.get(`/v1/communities/${communityId}/posts`)).body.items).toHaveLength(LIMIT);
  });
});

describe('per-member limits on reports and client events over HTTP', () => {
  it(`refuses the report past ${REPORTS_PER_MINUTE} a minute with 429 naming the limit, and files nothing`, async () => {
    const [{ communityId }, author, reporter, mo] = await Promise.all([
      openCommunity('rate-report'),
      member('author'),
      member('reporter'),
      member('mo', ['moderators']),
    ]);
    const posts = [];
    for (let i = 0; i <= REPORTS_PER_MINUTE; i++) {
      posts.push((await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: `post ${i}`, body: 'b' })).body.postId as string);
    }

    const statuses: number[] = [];
    let refusal: Awaited<ReturnType<typeof reporter.post>> | undefined;
    for (const postId of posts) {
      const res = await reporter.post(`/v1/posts/${postId}/reports`, { reasonCode: 'spam', text: 'x'.repeat(1000) });
      statuses.push(res.status);
      refusal = res;
    }

    expect(statuses).toEqual([...Array<number>(REPORTS_PER_MINUTE).fill(201), 429]);
    expect(refusal?.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(refusal?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refusal?.body).toMatchObject({ status: 429, detail: expect.stringMatching(`at most ${REPORTS_PER_MINUTE} times a minute`) });
    expect((await mo.get(`/v1/moderation/items/post-${posts.at(-1)}`)).status).toBe(404);
  });

  it(`refuses a batch that would take a member past ${EVENTS_PER_MINUTE} events a minute with 429 naming the limit`, async () => {
    const [{ communityId }, author, viewer] = await Promise.all([openCommunity('rate-events'), member('author'), member('viewer')]);
    const postId = (await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 't', body: 'b' })).body.postId as string;
    const views = (n: number) => ({
      events: Array.from({ length: n }, () => ({
        eventId: crypto.randomUUID(),
        type: 'post.viewed',
        occurredAt: new Date().toISOString(),
        communityId,
        postId,
      })),
    });

    // The limit refills 2 events a second: the last batch needs 5 s of refill, far more than the test takes.
    const full = await viewer.post('/v1/events', views(100));
    const rest = await viewer.post('/v1/events', views(EVENTS_PER_MINUTE - 100));
    const over = await viewer.post('/v1/events', views(10));

    expect([full.status, rest.status, over.status]).toEqual([200, 200, 429]);
    expect(over.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(over.body).toMatchObject({ status: 429, detail: expect.stringMatching(`at most ${EVENTS_PER_MINUTE} events a minute`) });
  });
});
