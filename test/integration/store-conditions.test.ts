/**
 * What the entity modules' conditions do, against DynamoDB Local: the unit tests say which items a
 * command touches; these say what its condition lets through and refuses. They call the adapter and
 * the use cases directly with an injected clock, so they run only against the local runtime.
 */
import type { Caller } from '../../lambdas/domain/caller';
import { NotFoundError } from '../../lambdas/domain/errors';
import type { ChorusDeps } from '../../lambdas/domain/ports';
import { createCommunity } from '../../lambdas/communities/communities';
import { DEFAULT_POLICY } from '../../lambdas/moderation/screening';
import { createPost, deletePost, editPost, productFeed } from '../../lambdas/posts/posts';
import { tableDeps } from './support/table-deps';
import { uniqueId } from './support/api';

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const NOW = new Date('2026-11-23T09:00:00.000Z');

function deps(): ChorusDeps {
  return tableDeps(() => NOW);
}

/** A community of its own and a member (and a manager) of their own, for one test. */
async function setUp(name: string) {
  const d = deps();
  const manager = who(uniqueId(`${name}-cara`), 'community-managers');
  const author = who(uniqueId(`${name}-alice`), 'members');
  const communityId = uniqueId(name);
  await createCommunity(d, manager, { communityId, name, description: '', rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 } });
  return { d, author, communityId };
}

(local ? describe : describe.skip)('store conditions (DynamoDB Local)', () => {
  it('a post write made on a version that has since moved is refused, and the store answers with the stored post', async () => {
    const { d, author, communityId } = await setUp('stale-edit');
    const post = await createPost(d, author, communityId, { kind: 'discussion', title: 't', body: 'b', productIds: [], tags: [] });
    await editPost(d, author, post.postId, { title: 'first' }, [1]);

    const outcome = await d.posts.editPost(post, { ...post, title: 'second', version: 2 });

    expect(outcome).toMatchObject({ result: 'stale', current: { title: 'first', version: 2 } });
    expect(await d.posts.getPost(post.postId)).toMatchObject({ title: 'first', version: 2 });
  });

  it('a write on a post that is not there answers missing, not stale', async () => {
    const { d, author, communityId } = await setUp('missing-edit');
    const post = await createPost(d, author, communityId, { kind: 'discussion', title: 't', body: 'b', productIds: [], tags: [] });
    const ghost = { ...post, postId: '01JD0000000000000000000000' };

    await expect(d.posts.editPost(ghost, { ...ghost, version: 2 })).resolves.toEqual({ result: 'missing' });
  });

  it('deleting a review takes it off the product feed and out of the product summary in the same write', async () => {
    const { d, author, communityId } = await setUp('delete-review');
    const productId = uniqueId('SKU');
    const review = await createPost(d, author, communityId, { kind: 'review', title: 't', body: 'b', productIds: [productId], tags: [], rating: 4 });
    const before = await productFeed(d, productId, undefined, { limit: 10 });
    expect(before).toMatchObject({ reviewCount: 1, averageRating: 4, items: [{ postId: review.postId }] });

    await deletePost(d, author, review.postId);

    await expect(productFeed(d, productId, undefined, { limit: 10 })).resolves.toMatchObject({ reviewCount: 0, averageRating: null, items: [] });
    await expect(d.posts.communityFeed(communityId, undefined, { limit: 10 })).resolves.toMatchObject({ items: [] });
  });

  it('a rate window admits exactly its limit, however many requests race for it', async () => {
    const { d, author, communityId } = await setUp('rate-window');
    const key = { action: 'post', scope: communityId, memberId: author.memberId };

    const answers = await Promise.all(Array.from({ length: 5 }, () => d.rateLimiter.consume(key, 3, 60, NOW)));

    expect(answers.filter((a) => a.allowed)).toHaveLength(3);
    expect(answers.filter((a) => !a.allowed)).toHaveLength(2);
  });

  it("a member's reaction counts once, even when sent twice at the same time", async () => {
    const { d, author, communityId } = await setUp('reaction-once');
    const post = await createPost(d, author, communityId, { kind: 'discussion', title: 't', body: 'b', productIds: [], tags: [] });

    const answers = await Promise.all([0, 1].map(() => d.reactions.addReaction(post.postId, 'like', author.memberId, NOW.toISOString())));

    expect(answers.map((r) => (r === 'missing' ? r : r.changed)).sort()).toEqual([false, true]);
    expect((await d.posts.getPost(post.postId))?.reactionCounts.like).toBe(1);
  });

  it('a reply to a deleted comment is refused', async () => {
    const { d, author, communityId } = await setUp('reply-deleted');
    const post = await createPost(d, author, communityId, { kind: 'discussion', title: 't', body: 'b', productIds: [], tags: [] });
    const parent = {
      commentId: '01JD0000000000000000000001',
      postId: post.postId,
      parentCommentId: null,
      depth: 0,
      status: 'published' as const,
      body: 'b',
      authorId: author.memberId,
      authorName: author.username,
      deleted: false,
      createdAt: NOW.toISOString(),
    };
    await d.comments.createComment(parent, post);
    await d.comments.deleteComment(parent, NOW.toISOString(), author.memberId);

    const reply = { ...parent, commentId: '01JD0000000000000000000002', parentCommentId: parent.commentId, depth: 1 };

    await expect(d.comments.createComment(reply, post)).resolves.toBe('missing');
    expect((await d.posts.getPost(post.postId))?.commentCount).toBe(0);
  });

  it('a moderation policy is set only on a community that exists', async () => {
    const d = deps();
    await expect(d.moderation.putPolicy(uniqueId('no-such-community'), DEFAULT_POLICY)).rejects.toThrow(NotFoundError);
  });
});
