import type { Post } from '../../../lambdas/api/schemas';
import type { Caller } from '../../../lambdas/domain/caller';
import {
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnprocessableError,
  VersionMismatchError,
} from '../../../lambdas/domain/errors';
import type { ChorusDeps, EditOutcome } from '../../../lambdas/domain/ports';
import { createPost, deletePost, editPost, emptyReactionCounts, getPost, setIdeaStatus } from '../../../lambdas/posts/posts';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const caller = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const alice = caller('alice', 'members');
const bob = caller('bob', 'members');
const mo = caller('mo', 'moderators');
const cara = caller('cara', 'community-managers');

const stored = (over: Partial<Post> = {}): Post => ({
  postId: '01JD0000000000000000000000', communityId: 'outdoor-gear', kind: 'discussion', title: 'Tents', body: 'Which one?',
  productIds: [], tags: [], authorId: 'alice', authorName: 'alice', status: 'published', version: 3, commentCount: 0,
  reactionCounts: emptyReactionCounts(), createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), ...over,
});

/** Ports answering from fixed data and recording writes: enough to exercise the rules. */
function depsWith(post: Post | undefined, options: { rateAllowed?: boolean } = {}) {
  const writes: { op: string; post: Post }[] = [];
  const updated = (next: Post): Promise<EditOutcome> => Promise.resolve({ result: 'updated', post: next });
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
      createPost: async (p: Post) => void writes.push({ op: 'create', post: p }),
      editPost: async (_before: Post, next: Post) => (writes.push({ op: 'edit', post: next }), updated(next)),
      deletePost: async (before: Post, at: string) => (writes.push({ op: 'delete', post: before }), updated({ ...before, status: 'deleted', deletedAt: at })),
      setIdeaStatus: async (before: Post, ideaStatus: Post['ideaStatus']) => updated({ ...before, ideaStatus }),
    },
  } as unknown as ChorusDeps;
  return { deps, writes };
}

describe('creating posts', () => {
  it('publishes a review with its rating, and an idea as open', async () => {
    const { deps, writes } = depsWith(undefined);
    const review = await createPost(deps, alice, 'outdoor-gear', { kind: 'review', title: 't', body: 'b', productIds: ['SKU-1', 'SKU-1'], tags: [], rating: 5 });
    const idea = await createPost(deps, alice, 'outdoor-gear', { kind: 'idea', title: 't', body: 'b', productIds: [], tags: [] });
    expect(review).toMatchObject({ kind: 'review', rating: 5, productIds: ['SKU-1'], status: 'published', version: 1, authorId: 'alice' });
    expect(idea.ideaStatus).toBe('open');
    expect(writes.map((w) => w.op)).toEqual(['create', 'create']);
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
  it('lets the author edit the version they saw', async () => {
    const { deps } = depsWith(stored());
    const edited = await editPost(deps, alice, stored().postId, { title: 'Tents for two' }, [3]);
    expect(edited).toMatchObject({ title: 'Tents for two', version: 4, body: 'Which one?' });
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
});

describe('idea statuses', () => {
  it('are moved by community managers only, and only on ideas', async () => {
    const idea = stored({ kind: 'idea', ideaStatus: 'open' });
    await expect(setIdeaStatus(depsWith(idea).deps, alice, idea.postId, 'planned')).rejects.toThrow(ForbiddenError);
    await expect(setIdeaStatus(depsWith(idea).deps, cara, idea.postId, 'planned')).resolves.toMatchObject({ ideaStatus: 'planned' });
    await expect(setIdeaStatus(depsWith(stored()).deps, cara, stored().postId, 'planned')).rejects.toThrow(UnprocessableError);
  });
});
