import { MalformedItemError } from '../../../../lambdas/store/attributes';
import { communityFeedList, communityFeedQuery, memberFeedList, memberFeedQuery, postItem, postKey, toPost } from '../../../../lambdas/store/entities/post';
import { revisionItem, revisionKey, toRevision } from '../../../../lambdas/store/entities/post-revision';
import { productFeedList, productFeedQuery, productLinkItem, toLinkedPostId } from '../../../../lambdas/store/entities/product-link';
import { productSummaryKey, toProductSummary } from '../../../../lambdas/store/entities/product-summary';
import { POST_ID, review } from './fixtures';

describe('post', () => {
  it('is keyed by its id', () => {
    expect(postKey(POST_ID)).toEqual({ pk: `POST#${POST_ID}`, sk: 'POST' });
  });

  it("while published, sits on its community feed, the feed of its kind and its author's feed, newest first by id", () => {
    expect(postItem(review())).toMatchObject({
      feedPk: 'COMMUNITY#outdoor-gear',
      kindFeedPk: 'COMMUNITY#outdoor-gear#KIND#review',
      authorPk: 'MEMBER#member-1',
      feedSk: POST_ID,
      type: 'post',
    });
  });

  it.each(['deleted', 'held', 'rejected', 'changes-requested'] as const)('while %s, is on no feed (the feed indexes are sparse)', (status) => {
    const item = postItem(review({ status }));
    for (const indexKey of ['feedPk', 'kindFeedPk', 'authorPk', 'feedSk']) expect(item).not.toHaveProperty(indexKey);
  });

  it('maps back to the same post, optional fields included, with no key or bookkeeping attribute', () => {
    const tombstone = review({ status: 'deleted', deletedAt: '2026-11-23T11:00:00.000Z', moderation: { reasonCode: 'spam', rule: null } });
    const idea = review({ kind: 'idea', rating: undefined, ideaStatus: 'planned' });
    delete (idea as { rating?: number }).rating;
    for (const post of [review(), tombstone, idea]) expect(toPost(postItem(post))).toEqual(post);
  });

  it('refuses a malformed item, naming the attribute', () => {
    const { version: _, ...withoutVersion } = postItem(review());
    expect(() => toPost(withoutVersion)).toThrow(MalformedItemError);
    expect(() => toPost(withoutVersion)).toThrow(/attribute version must be a number, got undefined/);
    expect(() => toPost({ ...postItem(review()), productIds: 'SKU-1' })).toThrow(/attribute productIds must be a list of strings/);
  });

  it('refuses an item of another type', () => {
    expect(() => toPost({ ...postItem(review()), type: 'comment' })).toThrow(/expected type post, got comment/);
  });

  it('reads a community feed from the index partition of that community (and kind), newest first', () => {
    expect(communityFeedList('outdoor-gear', undefined).partition).toEqual({ attribute: 'feedPk', value: 'COMMUNITY#outdoor-gear' });
    expect(communityFeedList('outdoor-gear', 'idea').partition).toEqual({ attribute: 'kindFeedPk', value: 'COMMUNITY#outdoor-gear#KIND#idea' });
    const feed = communityFeedQuery('t', 'outdoor-gear', undefined, 20);
    expect(feed).toMatchObject({ TableName: 't', IndexName: 'byCommunityFeed', ScanIndexForward: false, Limit: 20 });
    expect(communityFeedQuery('t', 'outdoor-gear', 'idea', 20)).toMatchObject({ IndexName: 'byCommunityKindFeed', ScanIndexForward: false });
  });

  it("reads a member's feed from the author index, newest first", () => {
    expect(memberFeedList('member-1').partition).toEqual({ attribute: 'authorPk', value: 'MEMBER#member-1' });
    expect(memberFeedQuery('t', 'member-1', 5)).toMatchObject({ IndexName: 'byAuthor', ScanIndexForward: false, Limit: 5 });
  });

  it('gives each feed its own cursor identity, so a cursor cannot resume another feed', () => {
    expect(communityFeedList('outdoor-gear', undefined).id).not.toBe(communityFeedList('outdoor-gear', 'idea').id);
    expect(communityFeedList('outdoor-gear', undefined).id).not.toBe(communityFeedList('kitchen', undefined).id);
  });
});

describe('post revision', () => {
  it("is kept in the post's collection, sorted by version", () => {
    expect(revisionKey(POST_ID, 7)).toEqual({ pk: `POST#${POST_ID}`, sk: 'REVISION#000007' });
    expect(revisionKey(POST_ID, 10).sk! > revisionKey(POST_ID, 9).sk!).toBe(true);
  });

  it('keeps the content the post had, and maps back to it', () => {
    const revision = toRevision(revisionItem(review(), '2026-11-23T12:00:00.000Z'));
    expect(revision).toEqual({
      postId: POST_ID,
      version: 1,
      title: 'Warm enough',
      body: 'Slept at -5 °C.',
      productIds: ['SKU-1'],
      tags: [],
      rating: 4,
      revisedAt: '2026-11-23T12:00:00.000Z',
    });
  });

  it('refuses a malformed item', () => {
    expect(() => toRevision({ ...revisionItem(review(), 'x'), tags: null })).toThrow(/attribute tags must be a list of strings, got null/);
  });
});

describe('product link', () => {
  it("puts the post on the product's feed, with the post's kind for filtering", () => {
    const link = productLinkItem(review(), 'SKU-1');
    expect(link).toMatchObject({ pk: `POST#${POST_ID}`, sk: 'PRODUCT#SKU-1', productPk: 'PRODUCT#SKU-1', feedSk: POST_ID, kind: 'review' });
    expect(toLinkedPostId(link)).toBe(POST_ID);
  });

  it("reads a product's feed from the product index, newest first; one kind is a filter on the same partition", () => {
    expect(productFeedList('SKU-1', undefined).partition).toEqual({ attribute: 'productPk', value: 'PRODUCT#SKU-1' });
    expect(productFeedList('SKU-1', 'review').partition).toEqual(productFeedList('SKU-1', undefined).partition);
    expect(productFeedList('SKU-1', 'review').id).not.toBe(productFeedList('SKU-1', undefined).id);
    expect(productFeedQuery('t', 'SKU-1', undefined, 10)).toMatchObject({ IndexName: 'byProduct', ScanIndexForward: false });
    expect(productFeedQuery('t', 'SKU-1', undefined, 10).FilterExpression).toBeUndefined();
    expect(productFeedQuery('t', 'SKU-1', 'review', 10).FilterExpression).toBeDefined();
  });
});

describe('product summary', () => {
  it('is keyed by the product', () => {
    expect(productSummaryKey('SKU-1')).toEqual({ pk: 'PRODUCT#SKU-1', sk: 'SUMMARY' });
  });

  it('is zero reviews for a product nobody reviewed, and checked when there is one', () => {
    expect(toProductSummary(undefined)).toEqual({ reviewCount: 0, ratingSum: 0 });
    expect(toProductSummary({ type: 'product-summary', reviewCount: 2, ratingSum: 9 })).toEqual({ reviewCount: 2, ratingSum: 9 });
    expect(() => toProductSummary({ type: 'product-summary', reviewCount: '2', ratingSum: 9 })).toThrow(/attribute reviewCount must be a number, got string/);
  });
});
