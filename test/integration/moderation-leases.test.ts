/**
 * Leases against DynamoDB Local with an injected clock: the use cases and the real adapter, time
 * moved by the test instead of waited for. (Runs only against the local runtime: it talks to the
 * table directly.)
 */
import type { Caller } from '../../lambdas/domain/caller';
import { ConflictError, ForbiddenError } from '../../lambdas/domain/errors';
import type { ChorusDeps } from '../../lambdas/domain/ports';
import { createCommunity } from '../../lambdas/communities/communities';
import { auditLog, decide, leaseItem, putModerationPolicy } from '../../lambdas/moderation/moderation';
import { DEFAULT_POLICY } from '../../lambdas/moderation/screening';
import { createPost } from '../../lambdas/posts/posts';
import { tableDeps } from './support/table-deps';
import { uniqueId } from './support/api';

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const [cara, alice, mo, max] = [
  who('lease-cara', 'community-managers'),
  who('lease-alice', 'members'),
  who('lease-mo', 'moderators'),
  who('lease-max', 'moderators'),
];

let now = new Date('2026-11-23T09:00:00.000Z');
const advance = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

function deps(): ChorusDeps {
  return tableDeps(() => now);
}

(local ? describe : describe.skip)('leases (injected clock, DynamoDB Local)', () => {
  it('return the item to the queue when they expire, and refuse the late holder', async () => {
    const d = deps();
    const communityId = uniqueId('leases');
    await createCommunity(d, cara, { communityId, name: 'Leases', description: '' });
    await putModerationPolicy(d, cara, communityId, { ...DEFAULT_POLICY, mode: 'pre-moderation' });
    const post = await createPost(d, alice, communityId, { kind: 'discussion', title: 'Held for review', body: 'pre-moderated', productIds: [], tags: [] });
    expect(post.status).toBe('held');
    const itemId = `post-${post.postId}`;

    const claimed = await leaseItem(d, mo, itemId);
    expect(claimed.lease).toEqual({ holder: 'lease-mo', expiresAt: '2026-11-23T09:05:00.000Z' });
    await expect(leaseItem(d, max, itemId)).rejects.toThrow(/leased to another moderator/);

    advance(5 * 60 + 1);
    const late = decide(d, mo, itemId, { action: 'approve', version: claimed.version });
    await expect(late).rejects.toThrow(ConflictError);
    await expect(late).rejects.toThrow(/your lease on .* expired at 2026-11-23T09:05:00.000Z/);

    const taken = await leaseItem(d, max, itemId);
    expect(taken.lease?.holder).toBe('lease-max');
    await expect(decide(d, mo, itemId, { action: 'approve', version: claimed.version })).rejects.toThrow(ForbiddenError);
    const approved = await decide(d, max, itemId, { action: 'approve', version: taken.version });
    expect(approved.status).toBe('approved');

    const log = await auditLog(d, mo, { itemId }, { limit: 20 });
    expect((log.items as { action: string; actorId: string }[]).map((e) => `${e.action}:${e.actorId}`)).toEqual([
      'claim:lease-mo',
      'lease-expired:lease-mo',
      'claim:lease-max',
      'approve:lease-max',
    ]);
  });
});
