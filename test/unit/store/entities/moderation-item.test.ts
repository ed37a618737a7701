import { newQueueItem, type QueueItem } from '../../../../lambdas/moderation/queue';
import {
  byStatusList,
  byStatusQuery,
  communityClaimQuery,
  expiredLeasesQuery,
  moderationItem,
  moderationItemKey,
  putModerationItem,
  queueHeadQuery,
  toQueueItem,
  toWaiting,
} from '../../../../lambdas/store/entities/moderation-item';

const item = (over: Partial<QueueItem> = {}): QueueItem => ({
  ...newQueueItem(
    { itemId: 'post-P', kind: 'post', communityId: 'c', postId: 'P', commentId: null, postKind: 'discussion', authorId: 'a', excerpt: 'x' },
    '2026-11-23T10:00:00.000Z',
  ),
  priority: 'high',
  dueAt: '2026-11-23T11:00:00.000Z',
  version: 1,
  ...over,
});
const lease = { holder: 'mo', expiresAt: '2026-11-23T10:05:00.000Z' };

describe('moderation item', () => {
  it('is keyed by its item id', () => {
    expect(moderationItemKey('post-P')).toEqual({ pk: 'MODITEM#post-P', sk: 'ITEM' });
  });

  it('while free and open, sits in the claim queue by urgency and in no lease index', () => {
    const record = moderationItem(item());
    expect(record).toMatchObject({ claimPk: 'CLAIM#pending', claimSk: '1#2026-11-23T11:00:00.000Z#post-P', modStatusPk: 'MODSTATUS#pending' });
    expect(record).not.toHaveProperty('leasePk');
  });

  it('sorts the claim queue most urgent first: priority before due time', () => {
    const claimSk = (over: Partial<QueueItem>) => String(moderationItem(item(over)).claimSk);
    expect(claimSk({ priority: 'high', dueAt: '2026-11-24T00:00:00.000Z' }) < claimSk({ priority: 'low', dueAt: '2026-11-23T00:00:00.000Z' })).toBe(true);
    expect(claimSk({ dueAt: '2026-11-23T10:30:00.000Z' }) < claimSk({ dueAt: '2026-11-23T11:00:00.000Z' })).toBe(true);
  });

  it('while leased, leaves the claim queue for the lease index, by expiry', () => {
    const record = moderationItem(item({ lease }));
    expect(record).toMatchObject({ leasePk: 'LEASED#pending', leaseSk: '2026-11-23T10:05:00.000Z#1#2026-11-23T11:00:00.000Z#post-P', leaseHolder: 'mo' });
    expect(record).not.toHaveProperty('claimPk');
  });

  it('once decided, is in neither claim index, listed by when it was decided', () => {
    const decidedAt = '2026-11-23T10:30:00.000Z';
    const lastDecision = { action: 'approve' as const, reasonCode: null, note: null, moderatorId: 'mo', decidedAt };
    const record = moderationItem(item({ status: 'approved', lastDecision }));
    expect(record).not.toHaveProperty('claimPk');
    expect(record).not.toHaveProperty('leasePk');
    expect(record).toMatchObject({ modStatusPk: 'MODSTATUS#approved', modStatusSk: `${decidedAt}#post-P` });
  });

  it('maps back to the same item, lease and decision included', () => {
    const decision = { action: 'reject' as const, reasonCode: 'spam' as const, note: 'n', moderatorId: 'mo', decidedAt: '2026-11-23T10:30:00.000Z' };
    for (const i of [item(), item({ lease }), item({ status: 'rejected', lastDecision: decision, reasons: { spam: 2 }, reportTexts: ['ad'] })]) {
      expect(toQueueItem(moderationItem(i))).toEqual(i);
    }
  });

  it('refuses a malformed item, naming the attribute', () => {
    expect(() => toQueueItem({ ...moderationItem(item()), reasons: 'spam' })).toThrow(/attribute reasons must be a map, got string/);
    expect(() => toQueueItem({ ...moderationItem(item()), leaseHolder: 'mo' })).toThrow(/attribute leaseExpiresAt must be a string, got undefined/);
  });

  it('is written under the guard of the step that writes it', () => {
    expect(putModerationItem('t', item(), { kind: 'new' }).Put).toMatchObject({ TableName: 't', Item: moderationItem(item()) });
  });

  it('finds free items and expired leases in their own indexes, a page at a time', () => {
    expect(queueHeadQuery('t', 'pending', 4)).toMatchObject({ IndexName: 'byClaimQueue', Limit: 4 });
    const expired = expiredLeasesQuery('t', 'escalated', '2026-11-23T10:06:00.000Z', 4);
    expect(expired).toMatchObject({ IndexName: 'byLeaseExpiry', Limit: 4 });
    // Expiry is part of the key condition: items under a live lease are never read.
    expect(expired.FilterExpression).toBeUndefined();
  });

  it("keeps every item in its community's partition too, and open ones in the waiting index by creation", () => {
    expect(moderationItem(item({ communityId: 'gear' }))).toMatchObject({
      communityQueuePk: 'MODSTATUS#pending#gear',
      modStatusSk: '1#2026-11-23T11:00:00.000Z#post-P',
      waitingPk: 'WAITING',
      waitingSk: '2026-11-23T10:00:00.000Z#post-P',
    });
    const decided = moderationItem(item({ status: 'approved', communityId: 'gear' }));
    expect(decided).toMatchObject({ communityQueuePk: 'MODSTATUS#approved#gear' });
    expect(decided).not.toHaveProperty('waitingPk');
    expect(toWaiting(moderationItem(item()))).toEqual({ itemId: 'post-P', createdAt: '2026-11-23T10:00:00.000Z' });
  });

  it('claims from one community by its own partition, skipping only live leases', () => {
    const query = communityClaimQuery('t', 'pending', 'gear', '2026-11-23T10:06:00.000Z', 4);
    expect(query).toMatchObject({ IndexName: 'byCommunityQueue', Limit: 4, ExpressionAttributeValues: { ':pk': 'MODSTATUS#pending#gear' } });
  });

  it('lists open items most urgent first and closed ones most recent first', () => {
    expect(byStatusList('pending', {}, '').partition).toEqual({ attribute: 'modStatusPk', value: 'MODSTATUS#pending' });
    expect(byStatusQuery('t', 'pending', {}, 10)).toMatchObject({ IndexName: 'byModerationStatus', ScanIndexForward: true });
    expect(byStatusQuery('t', 'approved', {}, 10)).toMatchObject({ IndexName: 'byModerationStatus', ScanIndexForward: false });
  });

  it('keys a community filter as the partition, and an open priority as a sort-key prefix, never as filters', () => {
    const query = byStatusQuery('t', 'pending', { communityId: 'gear', priority: 'medium' }, 10);
    expect(query).toMatchObject({
      IndexName: 'byCommunityQueue',
      ExpressionAttributeValues: { ':pk': 'MODSTATUS#pending#gear', ':priority': '2#' },
    });
    expect(query.FilterExpression).toBeUndefined();
    expect(byStatusList('pending', { communityId: 'gear' }, 'x').partition).toEqual({ attribute: 'communityQueuePk', value: 'MODSTATUS#pending#gear' });
  });
});
