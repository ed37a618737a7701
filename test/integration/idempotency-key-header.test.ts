/**
 * An empty Idempotency-Key is refused, not taken as absent: a client that sends the header means to
 * be protected against duplicates (the README's curl once sent `$(uuidgen)` on a machine without
 * uuidgen), and treating it as absent would silently drop that protection on the first retry.
 */
import { member, openCommunity } from './support/fixtures';

it('refuses an empty Idempotency-Key with a 400 problem naming the header, and writes nothing', async () => {
  // Prepare
  const [{ communityId }, alice] = await Promise.all([openCommunity('idemkey', { name: 'Empty keys' }), member('alice')]);
  const post = { kind: 'discussion', title: 'Keyless', body: 'An empty key is a client bug' };

  // Act
  const res = await alice.post(`/v1/communities/${communityId}/posts`, post, { 'idempotency-key': '' });

  // Assess
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.body.detail).toMatch(/Idempotency-Key must be 1-255 visible ASCII characters/);
  expect(res.body.errors).toEqual([expect.objectContaining({ field: 'header.idempotency-key' })]);
  expect((await alice.get(`/v1/communities/${communityId}/posts`)).body.items).toEqual([]);
});
