/** Posting faster than the community allows gets 429 with Retry-After, enforced in the backend. */
import { api, tokenFor, uniqueId } from './support/api';

it('refuses the post past the per-minute limit with 429 and Retry-After, and writes nothing', async () => {
  const cara = api(await tokenFor('cara', ['community-managers']));
  const eager = api(await tokenFor(`eager-${Date.now()}`, ['members']));
  const communityId = uniqueId('rate');
  await cara.post('/v1/communities', { communityId, name: 'Slow', rateLimits: { postsPerMinute: 2, commentsPerMinute: 2 } });

  // A fixed one-minute window: at most 2 in a window, so at most 4 straddling a boundary.
  const statuses: number[] = [];
  let refused: Awaited<ReturnType<typeof eager.post>> | undefined;
  while (!refused && statuses.length < 5) {
    const res = await eager.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: `post ${statuses.length}`, body: 'b' });
    statuses.push(res.status);
    if (res.status === 429) refused = res;
  }
  expect(refused).toBeDefined();
  expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(2);
  expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(4);
  const retryAfter = Number(refused!.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(refused!.headers.get('content-type')).toBe('application/problem+json');
  expect(refused!.body.detail).toMatch(/at most 2 times a minute/);
  const feed = await eager.get(`/v1/communities/${communityId}/posts`);
  expect(feed.body.items).toHaveLength(statuses.filter((s) => s === 201).length);
});
