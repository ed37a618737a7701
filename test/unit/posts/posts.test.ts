import type { Post } from '../../../lambdas/api/schemas';
import type { Caller } from '../../../lambdas/domain/caller';
import { ForbiddenError, NotFoundError, RateLimitedError, UnprocessableError, VersionMismatchError } from '../../../lambdas/domain/errors';
import type { ChorusDeps, EditOutcome } from '../../../lambdas/domain/ports';
import { communityFeed, createPost, deletePost, editPost, emptyReactionCounts, getPost } from '../../../lambdas/posts/posts';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const CREATED = '2026-11-20T08:00:00.000Z';
const caller = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const alice = caller('alice', 'members');
const bob = caller('bob', 'members');
const mo = caller('mo', 'moderators');

const stored = (over: Partial<Post> = {}): Post => ({
  postId: '01JD0000000000000000000000',
  communityId: 'outdoor-gear',
  kind: 'discussion',
  title: 'Tents',
  body: 'Which one?',
  productIds: [],
  tags: [],
  authorId: 'alice',
  authorName: 'alice',
  status: 'published',
  version: 3,
  commentCount: 0,
  reactionCounts: emptyReactionCounts(),
  officialResponseCount: 0,
  hasOfficialResponse: false,
  createdAt: CREATED,
  updatedAt: CREATED,
  ...over,
});

/** What the use case handed the store: the state it decided, which the store only persists. */
interface Write {
  readonly op: 'create' | 'edit' | 'delete' | 'idea-status';
  readonly previous?: Post;
  readonly next: Post;
}

/**
 * Ports answering from fixed data and recording every write. The store answers `updated` with the
 * state it was given, as the real one does; tests assert on the recorded writes, not on that answer.
 */
function depsWith(post: Post | undefined, options: { rateAllowed?: boolean; outcome?: EditOutcome } = {}) {
  const writes: Write[] = [];
  const persist = (op: Write['op'], previous: Post, next: Post): Promise<EditOutcome> => {
    writes.push({ op, previous, next });
    return Promise.resolve(options.outcome ?? { result: 'updated', post: next });
  };
  const deps = {
    clock: () => NOW,
    communities: {
      getCommunity: async (id: string) =>
        id === 'outdoor-gear'
          ? { communityId: id, name: 'Outdoor', description: '', rateLimits: { postsPerMinute: 5, commentsPerMinute: 20 }, createdAt: '', createdBy: 'cara' }
          : undefined,
    },
    moderation: {
      getPolicy: async () => undefined,
      memberPostCount: async () => 0,
      hasFingerprint: async () => false,
      getQueueItem: async () => undefined,
    },
    rateLimiter: {
      consume: async () => (options.rateAllowed === false ? { allowed: false as const, retryAfterSeconds: 17 } : { allowed: true as const }),
    },
    posts: {
      getPost: async () => post,
      createPost: async (next: Post) => void writes.push({ op: 'create', next }),
      editPost: (previous: Post, next: Post) => persist('edit', previous, next),
      deletePost: (previous: Post, next: Post) => persist('delete', previous, next),
    },
  } as unknown as ChorusDeps;
  return { deps, writes };
}

describe('creating posts', () => {
  it('hands the store a published first version: a review with its rating, an idea as open, duplicates dropped, nothing counted yet', async () => {
    const { deps, writes } = depsWith(undefined);
    await createPost(deps, alice, 'outdoor-gear', { kind: 'review', title: 't', body: 'b', productIds: ['SKU-1', 'SKU-1'], tags: ['a', 'a'], rating: 5 });
    await createPost(deps, alice, 'outdoor-gear', { kind: 'idea', title: 't', body: 'b', productIds: [], tags: [] });
    const [review, idea] = writes;
    expect(review).toMatchObject({
      op: 'create',
      next: { kind: 'review', rating: 5, productIds: ['SKU-1'], tags: ['a'], status: 'published', version: 1, authorId: 'alice' },
    });
    expect(review!.next).toMatchObject({ commentCount: 0, reactionCounts: emptyReactionCounts(), createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
    expect(review!.next).not.toHaveProperty('ideaStatus');
    expect(idea).toMatchObject({ op: 'create', next: { kind: 'idea', ideaStatus: 'open', status: 'published', version: 1 } });
    expect(idea!.next).not.toHaveProperty('rating');
  });

  it('refuses a community that does not exist', async () => {
    const { deps } = depsWith(undefined);
    await expect(createPost(deps, alice, 'nowhere', { kind: 'discussion', title: 't', body: 'b', productIds: [], tags: [] })).rejects.toThrow(NotFoundError);
  });

  it('refuses a member over the community rate limit with the seconds to wait', async () => {
    const { deps, writes } = depsWith(undefined, { rateAllowed: false });
    const attempt = createPost(deps, alice, 'outdoor-gear', { kind: 'discussion', title: 't', body: 'b', productIds: [], tags: [] });
    await expect(attempt).rejects.toThrow(RateLimitedError);
    await expect(attempt).rejects.toMatchObject({ retryAfterSeconds: 17 });
    expect(writes).toHaveLength(0);
  });
});

describe('editing posts', () => {
  it('hands the store the next version: the patch applied, the version bumped, counters and identity untouched', async () => {
    const current = stored({ commentCount: 2 });
    const { deps, writes } = depsWith(current);
    await editPost(deps, alice, current.postId, { title: 'Tents for two', tags: ['tent', 'tent'] }, [3]);
    const next = { ...current, title: 'Tents for two', tags: ['tent'], version: 4, updatedAt: NOW.toISOString() };
    expect(writes).toEqual([{ op: 'edit', previous: current, next }]);
  });

  it('refuses the edit when the store finds the post changed since it was read (412)', async () => {
    const current = stored();
    const { deps } = depsWith(current, { outcome: { result: 'stale', current: stored({ version: 5 }) } });
    await expect(editPost(deps, alice, current.postId, { title: 'x' }, [3])).rejects.toThrow(VersionMismatchError);
  });

  it('refuses anyone but the author, moderators included', async () => {
    await expect(editPost(depsWith(stored()).deps, bob, stored().postId, { title: 'x' }, [3])).rejects.toThrow(ForbiddenError);
    await expect(editPost(depsWith(stored()).deps, mo, stored().postId, { title: 'x' }, [3])).rejects.toThrow(ForbiddenError);
  });

  it('needs the version the edit was made on, and refuses a stale one with the current version', async () => {
    const current = { currentVersion: 3, raced: false };
    await expect(editPost(depsWith(stored()).deps, alice, stored().postId, { title: 'x' }, 'unstated')).rejects.toThrow(VersionMismatchError);
    await expect(editPost(depsWith(stored()).deps, alice, stored().postId, { title: 'x' }, [2])).rejects.toMatchObject({ ...current, expected: [2] });
    await expect(editPost(depsWith(stored()).deps, alice, stored().postId, { title: 'x' }, [])).rejects.toMatchObject({ ...current, expected: [] });
  });

  it('refuses a rating on anything but a review', async () => {
    await expect(editPost(depsWith(stored()).deps, alice, stored().postId, { rating: 4 }, [3])).rejects.toThrow(UnprocessableError);
  });
});

describe('deleted posts', () => {
  const tombstone = stored({ status: 'deleted', deletedAt: NOW.toISOString() });

  it('stay visible to their author and to moderators', async () => {
    await expect(getPost(depsWith(tombstone).deps, alice, tombstone.postId)).resolves.toMatchObject({ status: 'deleted' });
    await expect(getPost(depsWith(tombstone).deps, mo, tombstone.postId)).resolves.toMatchObject({ status: 'deleted' });
  });

  it('are not found by anyone else', async () => {
    await expect(getPost(depsWith(tombstone).deps, bob, tombstone.postId)).rejects.toThrow(NotFoundError);
  });

  it('can be deleted by the author or a moderator, not by another member', async () => {
    await expect(deletePost(depsWith(stored()).deps, bob, stored().postId)).rejects.toThrow(ForbiddenError);
    const byModerator = depsWith(stored());
    await deletePost(byModerator.deps, mo, stored().postId);
    expect(byModerator.writes.map((w) => w.op)).toEqual(['delete']);
  });

  it('hands the store a tombstone as the next version: deleted now, content kept for its author and moderators', async () => {
    const current = stored({ kind: 'review', productIds: ['SKU-1'], rating: 4 });
    const { deps, writes } = depsWith(current);
    await deletePost(deps, alice, current.postId);
    expect(writes).toEqual([
      { op: 'delete', previous: current, next: { ...current, status: 'deleted', deletedAt: NOW.toISOString(), updatedAt: NOW.toISOString(), version: 4 } },
    ]);
  });

  it('writes nothing when the post is already a tombstone', async () => {
    const { deps, writes } = depsWith(tombstone);
    await deletePost(deps, alice, tombstone.postId);
    expect(writes).toEqual([]);
  });
});

describe("a community's feed", () => {
  /** The feed port answering `items`, and every community the use case read. */
  function feedDeps(items: Post[]) {
    const { deps } = depsWith(undefined);
    const communitiesRead: string[] = [];
    const getCommunity = deps.communities.getCommunity;
    const page = { items, nextCursor: null };
    return {
      communitiesRead,
      deps: {
        ...deps,
        communities: {
          getCommunity: (id: string) => {
            communitiesRead.push(id);
            return getCommunity(id);
          },
        },
        posts: { ...deps.posts, communityFeed: async () => page, answeredQuestions: async () => page },
      } as unknown as ChorusDeps,
    };
  }

  it('answers a page with posts from the feed alone: the community is not read', async () => {
    const { deps, communitiesRead } = feedDeps([stored()]);
    expect((await communityFeed(deps, 'outdoor-gear', undefined, { limit: 20 })).items).toHaveLength(1);
    expect((await communityFeed(deps, 'outdoor-gear', 'question', { limit: 20 }, false)).items).toHaveLength(1);
    expect(communitiesRead).toEqual([]);
  });

  it('reads the community only for an empty page: 404 for an unknown community, an empty page for a quiet one', async () => {
    const { deps, communitiesRead } = feedDeps([]);
    await expect(communityFeed(deps, 'nowhere', undefined, { limit: 20 })).rejects.toThrow(NotFoundError);
    await expect(communityFeed(deps, 'nowhere', 'question', { limit: 20 }, true)).rejects.toThrow(NotFoundError);
    expect(await communityFeed(deps, 'outdoor-gear', undefined, { limit: 20 })).toEqual({ items: [], nextCursor: null });
    expect(communitiesRead).toEqual(['nowhere', 'nowhere', 'outdoor-gear']);
  });
});
