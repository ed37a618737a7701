import type { Post } from '../../../lambdas/api/schemas';
import { emptyReactionCounts } from '../../../lambdas/posts/posts';
import { newQueueItem, type QueueItem } from '../../../lambdas/moderation/queue';
import * as k from '../../../lambdas/store/keys';

const TABLE = 'chorus';
const review = (over: Partial<Post> = {}): Post => ({
  postId: '01JD0000000000000000000000',
  communityId: 'outdoor-gear',
  kind: 'review',
  title: 'Warm enough',
  body: 'Slept at -5 °C.',
  productIds: ['SKU-1'],
  tags: [],
  rating: 4,
  authorId: 'member-1',
  authorName: 'alice',
  status: 'published',
  version: 1,
  commentCount: 0,
  reactionCounts: emptyReactionCounts(),
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  ...over,
});

const ops = (input: { TransactItems?: unknown[] }) => (input.TransactItems ?? []).map((item) => Object.keys(item as object)[0]);
const itemsOf = (input: { TransactItems?: unknown[] }) => (input.TransactItems ?? []) as Record<string, any>[];

describe('post items', () => {
  it('puts a published post on the community, kind and author feeds', () => {
    const item = k.postItem(review());
    expect(item).toMatchObject({
      pk: 'POST#01JD0000000000000000000000',
      sk: 'POST',
      feedPk: 'COMMUNITY#outdoor-gear',
      kindFeedPk: 'COMMUNITY#outdoor-gear#KIND#review',
      authorPk: 'MEMBER#member-1',
      feedSk: '01JD0000000000000000000000',
    });
  });

  it('keeps a tombstone off every feed (the indexes are sparse)', () => {
    const item = k.postItem(review({ status: 'deleted' }));
    expect(item).not.toHaveProperty('feedPk');
    expect(item).not.toHaveProperty('kindFeedPk');
    expect(item).not.toHaveProperty('authorPk');
  });

  it('maps an item back to a post without any key or internal attribute', () => {
    const post = k.toPost(k.postItem(review()));
    expect(post).toEqual(review());
    expect(Object.keys(post).some((key) => /pk|sk|type/i.test(key))).toBe(false);
  });
});

describe('creating a post', () => {
  it('writes the post, checks the community, links the product and counts the review in one transaction', () => {
    const input = k.createPostTransaction(TABLE, review());
    expect(ops(input)).toEqual(['Put', 'ConditionCheck', 'Put', 'Update']);
    const [put, check, link, summary] = itemsOf(input);
    expect(put!.Put.ConditionExpression).toBe('attribute_not_exists(#pk)');
    expect(check!.ConditionCheck.Key).toEqual({ pk: 'COMMUNITY#outdoor-gear', sk: 'COMMUNITY' });
    expect(link!.Put.Item).toMatchObject({ productPk: 'PRODUCT#SKU-1', feedSk: review().postId, kind: 'review' });
    expect(summary!.Update.Key).toEqual({ pk: 'PRODUCT#SKU-1', sk: 'SUMMARY' });
    expect(summary!.Update.UpdateExpression).toContain('ADD reviewCount :count, ratingSum :sum');
    expect(summary!.Update.ExpressionAttributeValues).toMatchObject({ ':count': 1, ':sum': 4 });
    expect(itemsOf(input).every((item) => Object.values(item)[0].TableName === TABLE)).toBe(true);
  });

  it('does not touch review summaries for a discussion', () => {
    const input = k.createPostTransaction(TABLE, review({ kind: 'discussion', rating: undefined, productIds: ['SKU-1', 'SKU-2'] }));
    expect(ops(input)).toEqual(['Put', 'ConditionCheck', 'Put', 'Put']);
  });
});

describe('changing a post', () => {
  it('edits only when the version is the one read, keeps a revision and moves the rating delta', () => {
    const before = review();
    const after = review({ rating: 2, version: 2, title: 'Not that warm' });
    const input = k.changePostTransaction(TABLE, before, after, true);
    const [update, revision, summary] = itemsOf(input);
    expect(update!.Update.ConditionExpression).toBe('#version = :expected');
    expect(update!.Update.ExpressionAttributeValues).toMatchObject({ ':expected': 1, ':version': 2, ':title': 'Not that warm' });
    expect(update!.Update.UpdateExpression).not.toMatch(/commentCount|reactionCounts/);
    expect(revision!.Put.Item).toMatchObject({ sk: 'REVISION#000001', title: 'Warm enough', rating: 4 });
    expect(summary!.Update.ExpressionAttributeValues).toMatchObject({ ':count': 0, ':sum': -2 });
  });

  it('moves the review between products when its product changes', () => {
    const input = k.changePostTransaction(TABLE, review(), review({ productIds: ['SKU-2'], version: 2 }), true);
    const items = itemsOf(input);
    expect(ops(input)).toEqual(['Update', 'Put', 'Delete', 'Put', 'Update', 'Update']);
    expect(items[2]!.Delete.Key).toEqual({ pk: `POST#${review().postId}`, sk: 'PRODUCT#SKU-1' });
    const summaries = items.slice(4).map((i) => [i.Update.Key.pk, i.Update.ExpressionAttributeValues[':count']]);
    expect(summaries).toEqual(expect.arrayContaining([['PRODUCT#SKU-1', -1], ['PRODUCT#SKU-2', 1]]));
  });

  it('deleting removes the feed keys, the product links and the review from the summary', () => {
    const before = review();
    const input = k.changePostTransaction(TABLE, before, { ...before, status: 'deleted', deletedAt: '2026-11-23T11:00:00.000Z', version: 2 }, false);
    const [update, unlink, summary] = itemsOf(input);
    expect(update!.Update.UpdateExpression).toMatch(/REMOVE .*#feedPk.*#kindFeedPk.*#authorPk.*#feedSk/);
    expect(unlink!.Delete.Key.sk).toBe('PRODUCT#SKU-1');
    expect(summary!.Update.ExpressionAttributeValues).toMatchObject({ ':count': -1, ':sum': -4 });
  });
});

describe('reactions and comments', () => {
  it('adds a reaction once per member and counts it with ADD on a published post', () => {
    const input = k.addReactionTransaction(TABLE, 'P', 'like', 'm1', '2026-11-23T10:00:00.000Z');
    const [put, count] = itemsOf(input);
    expect(put!.Put.Item).toMatchObject({ pk: 'POST#P', sk: 'REACTION#like#m1' });
    expect(put!.Put.ConditionExpression).toBe('attribute_not_exists(#pk)');
    expect(count!.Update.UpdateExpression).toBe('ADD reactionCounts.#reaction :one');
    expect(count!.Update.ConditionExpression).toBe('#status = :published');
  });

  it('checks a reply parent exists and is not deleted in the same transaction', () => {
    const input = k.createCommentTransaction(TABLE, {
      commentId: 'C2', postId: 'P', parentCommentId: 'C1', depth: 1, status: 'published', body: 'yes', authorId: 'm', authorName: 'm', deleted: false, createdAt: 'now',
    });
    expect(ops(input)).toEqual(['Put', 'Update', 'ConditionCheck']);
    expect(itemsOf(input)[2]!.ConditionCheck.Key).toEqual({ pk: 'POST#P', sk: 'COMMENT#C1' });
  });
});

describe('rate windows', () => {
  it('counts with ADD and refuses past the limit in the condition, expiring the window by TTL', () => {
    const input = k.consumeRateWindow(TABLE, { action: 'post', scope: 'outdoor-gear', memberId: 'm1' }, 5, 1_700_000_040, 60);
    expect(input.Key).toEqual({ pk: 'RATE#post#outdoor-gear#m1', sk: 'WINDOW#1700000040' });
    expect(input.UpdateExpression).toBe('ADD hits :one SET #ttl = :expiresAt');
    expect(input.ConditionExpression).toBe('attribute_not_exists(hits) OR hits < :limit');
    expect(input.ExpressionAttributeNames).toEqual({ '#ttl': 'expiresAt' });
  });
});

describe('lists', () => {
  it('reads the kind feed from its own index, newest first, one page at a time', () => {
    const input = k.queries.communityFeed(TABLE, 'outdoor-gear', 'idea', 20);
    expect(input).toMatchObject({
      IndexName: 'byCommunityKindFeed',
      ExpressionAttributeValues: { ':pk': 'COMMUNITY#outdoor-gear#KIND#idea' },
      ScanIndexForward: false,
      Limit: 20,
    });
  });
});

describe('moderation queue items', () => {
  const item = (over: Partial<QueueItem> = {}): QueueItem => ({
    ...newQueueItem({ itemId: 'post-P', kind: 'post', communityId: 'c', postId: 'P', commentId: null, postKind: 'discussion', authorId: 'a', excerpt: 'x' }, '2026-11-23T10:00:00.000Z'),
    priority: 'high',
    dueAt: '2026-11-23T11:00:00.000Z',
    version: 1,
    ...over,
  });

  it('puts a free open item in the claim queue, most urgent first, and nowhere in the lease index', () => {
    const record = k.queueItemRecord(item());
    expect(record).toMatchObject({ claimPk: 'CLAIM#pending', claimSk: '1#2026-11-23T11:00:00.000Z#post-P', modStatusPk: 'MODSTATUS#pending' });
    expect(record).not.toHaveProperty('leasePk');
  });

  it('moves a leased item out of the claim queue into the lease index, by expiry', () => {
    const record = k.queueItemRecord(item({ lease: { holder: 'mo', expiresAt: '2026-11-23T10:05:00.000Z' } }));
    expect(record).toMatchObject({ leasePk: 'LEASED#pending', leaseSk: '2026-11-23T10:05:00.000Z#1#2026-11-23T11:00:00.000Z#post-P', leaseHolder: 'mo' });
    expect(record).not.toHaveProperty('claimPk');
  });

  it('keeps decided items out of both claim indexes', () => {
    const record = k.queueItemRecord(item({ status: 'approved' }));
    expect(record).not.toHaveProperty('claimPk');
    expect(record).not.toHaveProperty('leasePk');
    expect(record.modStatusPk).toBe('MODSTATUS#approved');
  });

  it('finds expired leases by a key condition, not a filter: only items it could take are read', () => {
    const input = k.moderationQueries.expiredLeases(TABLE, 'pending', '2026-11-23T10:06:00.000Z', 4);
    expect(input).toMatchObject({ IndexName: 'byLeaseExpiry', KeyConditionExpression: '#pk = :pk AND #sk < :now', Limit: 4 });
    expect(input.FilterExpression).toBeUndefined();
    expect(k.moderationQueries.queueHead(TABLE, 'pending', 4)).toMatchObject({ IndexName: 'byClaimQueue', Limit: 4 });
  });
});
