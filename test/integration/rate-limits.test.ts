/**
 * Posting faster than the community allows is refused, in the backend, per member and fixed
 * one-minute window. The boundary is tested with an injected clock against DynamoDB Local (the use
 * case and the real adapter, as moderation-leases.test.ts does); the HTTP answer (429, Retry-After,
 * problem details) over the local runtime, whose clock is the system's.
 */
import { storageConfig } from '../../lambdas/config';
import { createCommunity } from '../../lambdas/communities/communities';
import type { Caller } from '../../lambdas/domain/caller';
import { RateLimitedError } from '../../lambdas/domain/errors';
import type { ChorusDeps } from '../../lambdas/domain/ports';
import { communityFeed, createPost } from '../../lambdas/posts/posts';
import { documentClient } from '../../lambdas/store/dynamo-client';
import { dynamoModerationStore } from '../../lambdas/store/dynamo-moderation-store';
import { dynamoStore } from '../../lambdas/store/dynamo-store';
import { uniqueId } from './support/api';
import { member, openCommunity } from './support/fixtures';

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const LIMIT = 2;
const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });

/** Use cases on DynamoDB Local with a clock the test moves; a community of its own with a limit of LIMIT posts a minute. */
async function givenInjectedClock(start: string) {
  let now = new Date(start);
  const table = storageConfig().tableName;
  const store = dynamoStore(documentClient, table);
  const deps: ChorusDeps = {
    communities: store,
    posts: store,
    comments: store,
    reactions: store,
    rateLimiter: store,
    moderation: dynamoModerationStore(documentClient, table),
    clock: () => now,
  };
  const communityId = uniqueId('rate-clock');
  await createCommunity(deps, who(uniqueId('rate-cara'), 'community-managers'), {
    communityId,
    name: 'Slow',
    description: '',
    rateLimits: { postsPerMinute: LIMIT, commentsPerMinute: LIMIT },
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
  it('admits exactly the limit in a window, refuses the next with the seconds left, and admits again in the next window', async () => {
    const { setClock, postAsEager, feedSize } = await givenInjectedClock('2026-11-23T10:00:10.000Z');

    const admitted = [await postAsEager(), await postAsEager()];
    const refused = postAsEager();

    expect(admitted.map((p) => p.status)).toEqual(['published', 'published']);
    await expect(refused).rejects.toThrow(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 50 });
    await expect(refused).rejects.toThrow(`at most ${LIMIT} times a minute`);
    expect(await feedSize()).toBe(LIMIT);

    setClock('2026-11-23T10:00:59.999Z');
    await expect(postAsEager()).rejects.toMatchObject({ retryAfterSeconds: 1 });

    setClock('2026-11-23T10:01:00.000Z');
    const nextWindow = [await postAsEager(), await postAsEager()];
    expect(nextWindow.map((p) => p.status)).toEqual(['published', 'published']);
    await expect(postAsEager()).rejects.toMatchObject({ retryAfterSeconds: 60 });
    expect(await feedSize()).toBe(2 * LIMIT);
  });
});

describe('the post rate limit over HTTP', () => {
  /**
   * Posts until refused, noting the system time before the first post and after the refusal: the
   * handler read its clock in between. A run that straddles a minute boundary cannot say how many
   * a window admitted, so it is run again: the next run starts in a window at least 59 s long.
   */
  async function postUntilRefused() {
    for (let attempt = 1; ; attempt++) {
      const [{ communityId }, eager] = await Promise.all([openCommunity('rate', { postsPerMinute: LIMIT, commentsPerMinute: LIMIT }), member('eager')]);
      const before = Date.now();
      const statuses: number[] = [];
      let refusal: Awaited<ReturnType<typeof eager.post>> | undefined;
      while (!refusal && statuses.length <= 2 * LIMIT) {
        const res = await eager.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: `post ${statuses.length}`, body: 'b' });
        statuses.push(res.status);
        if (res.status === 429) refusal = res;
      }
      const after = Date.now();
      const sameWindow = Math.floor(before / 60_000) === Math.floor(after / 60_000);
      if (sameWindow || attempt === 2) return { communityId, eager, statuses, refusal, before, after };
    }
  }

  it('answers the post past the limit with 429, Retry-After until the window ends and problem details, and writes nothing', async () => {
    const { communityId, eager, statuses, refusal, before, after } = await postUntilRefused();

    expect(statuses).toEqual([...Array<number>(LIMIT).fill(201), 429]);
    const secondsLeft = (at: number) => 60 - (Math.floor(at / 1000) % 60);
    expect(Number(refusal?.headers.get('retry-after'))).toBeGreaterThanOrEqual(secondsLeft(after));
    expect(Number(refusal?.headers.get('retry-after'))).toBeLessThanOrEqual(secondsLeft(before));
    expect(refusal?.headers.get('content-type')).toBe('application/problem+json');
    expect(refusal?.body).toMatchObject({ status: 429, detail: expect.stringMatching(`at most ${LIMIT} times a minute`) });
    expect((await eager.get(`/v1/communities/${communityId}/posts`)).body.items).toHaveLength(LIMIT);
  });
});
