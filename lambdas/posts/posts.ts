/**
 * Post use cases: the rules of posting, editing, deleting and reading feeds. Plain TypeScript; the
 * stores arrive as arguments.
 */
import type { NewPost, Post, PostKind, PostPatch, PostRevision, Reaction } from '../api/schemas';
import { entering } from '../desk/desk-item';
import { isModerator, type Caller } from '../domain/caller';
import { newId } from '../domain/clock';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, VersionMismatchError } from '../domain/errors';
import { createOnce, type RequestKey } from '../domain/once';
import type { ChorusDeps, EditOutcome, Page, PageRequest } from '../domain/ports';
import { enforceRateLimit } from '../domain/rate-limit';
import { versionMatches, type ExpectedVersion } from '../domain/versions';
import { revisedItem, screenContent, withModeration, type ScreenedTarget } from '../moderation/screen-content';
import { DEFAULT_POLICY } from '../moderation/screening';
import { REACTIONS } from '../reactions/model';
import { asSeenBy, canSee, isAuthor } from './visibility';

/** What the post use cases need: content, rate windows, and the moderation store for screening. */
export type PostsDeps = Pick<ChorusDeps, 'communities' | 'posts' | 'rateLimiter' | 'moderation' | 'requests' | 'clock'>;
type Deps = PostsDeps;

/** Creates a post; with a request key, once per key (a repeat answers with the first post). */
export const createPost = (deps: Deps, caller: Caller, communityId: string, input: NewPost, requestKey?: RequestKey): Promise<Post> =>
  createOnce(deps, caller.memberId, requestKey, async (markerOf) => {
    const community = await deps.communities.getCommunity(communityId);
    if (!community) throw new NotFoundError(`community ${communityId} does not exist`);
    await enforceRateLimit(deps, caller, 'post', communityId, community.rateLimits.postsPerMinute);
    const now = deps.clock().toISOString();
    const post: Post = {
      postId: newId(deps.clock),
      communityId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      productIds: unique(input.productIds),
      tags: unique(input.tags),
      ...(input.kind === 'review' ? { rating: input.rating } : {}),
      ...(input.kind === 'idea' ? { ideaStatus: 'open' as const } : {}),
      authorId: caller.memberId,
      authorName: caller.username,
      status: 'published',
      version: 1,
      commentCount: 0,
      reactionCounts: emptyReactionCounts(),
      officialResponseCount: 0,
      hasOfficialResponse: false,
      createdAt: now,
      updatedAt: now,
    };
    const screening = await screenContent(
      deps,
      { ...screenedPost(post), authorStanding: caller.standing },
      { isNew: true, policy: community.moderationPolicy ?? DEFAULT_POLICY },
    );
    const screened: Post = { ...post, status: screening.status, ...(screening.moderation ? { moderation: screening.moderation } : {}) };
    // Published content a response policy names enters the desk with the post (held content enters when approved).
    const desk = entering(screened, community.responsePolicy, new Date(now));
    const writes = desk ? { ...screening.writes, desk: { next: desk, guard: { kind: 'new' as const }, previous: null } } : screening.writes;
    const answer = asSeenBy(screened, caller);
    await deps.posts.createPost(screened, writes, markerOf(screened.postId, answer));
    return answer;
  });

const screenedPost = (post: Post): ScreenedTarget => ({
  kind: 'post',
  communityId: post.communityId,
  postId: post.postId,
  commentId: null,
  postKind: post.kind,
  authorId: post.authorId,
  text: `${post.title}\n${post.body}`,
});

/** Statuses an author may edit from: a rejected post is appealed, not edited. */
const EDITABLE_STATUSES: readonly Post['status'][] = ['published', 'held', 'changes-requested'];

/** A post the caller may see, as they may see it (the rule that held it for moderators only). */
export const viewPost = async (deps: Pick<Deps, 'posts'>, caller: Caller | undefined, postId: string): Promise<Post> =>
  asSeenBy(await getPost(deps, caller, postId), caller);

/** A post the caller may see, or NotFoundError (a hidden post does not reveal that it exists). */
export async function getPost(
  deps: { readonly posts: Pick<Deps['posts'], 'getPost'> },
  caller: Caller | undefined,
  postId: string,
  read?: { readonly eventual?: boolean },
): Promise<Post> {
  const post = await deps.posts.getPost(postId, read);
  if (!post || !canSee(post, caller)) throw new NotFoundError(`post ${postId} does not exist`);
  return post;
}

/**
 * A merged idea is read-only: its discussion continues on the idea it was merged into, which the
 * problem names (`mergedInto`) so an app can send the member there. Reading it still works.
 */
export function refuseOnMergedIdea(post: Post, action: string): void {
  if (post.ideaStatus !== 'merged') return;
  throw new ConflictError(`idea ${post.postId} was merged into idea ${post.mergedInto}, and ${action}; continue on ${post.mergedInto}`, {
    ideaStatus: post.ideaStatus,
    mergedInto: post.mergedInto,
  });
}

/**
 * Edits a post the caller wrote. `expected` is the version the edit was made on; an edit that states
 * none, or a version that is no longer current, is refused with the current version.
 */
export async function editPost(deps: Deps, caller: Caller, postId: string, patch: PostPatch, expected: ExpectedVersion): Promise<Post> {
  const current = await getPost(deps, caller, postId);
  if (!isAuthor(current, caller)) throw new ForbiddenError('only the author can edit a post');
  refuseOnMergedIdea(current, 'a merged idea is not edited');
  if (!EDITABLE_STATUSES.includes(current.status)) {
    throw new ConflictError(`post ${postId} is ${current.status} and cannot be edited${current.status === 'rejected' ? '; appeal the decision instead' : ''}`);
  }
  if (!versionMatches(expected, current.version)) throw new VersionMismatchError('post', postId, current.version, expected);
  checkPatchFitsKind(current.kind, patch);
  const edited = nextVersion(
    current,
    {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.body !== undefined ? { body: patch.body } : {}),
      ...(patch.productIds !== undefined ? { productIds: unique(patch.productIds) } : {}),
      ...(patch.tags !== undefined ? { tags: unique(patch.tags) } : {}),
      ...(patch.rating !== undefined ? { rating: patch.rating } : {}),
    },
    deps.clock().toISOString(),
  );
  // Content waiting for a moderator stays held whatever the edit, and its queue item moves to a new
  // version, so a decision made on what the moderator saw before the edit is refused as stale.
  if (current.status === 'held') {
    const writes = await revisedItem(deps, screenedPost(edited));
    return asSeenBy(settle(current, await deps.posts.editPost(current, edited, writes)), caller);
  }
  const screening = await screenContent(deps, screenedPost(edited), { isNew: false });
  const next = withModeration({ ...edited, status: screening.status }, screening.moderation);
  return asSeenBy(settle(current, await deps.posts.editPost(current, next, screening.writes)), caller);
}

export async function deletePost(deps: Deps, caller: Caller, postId: string): Promise<void> {
  const current = await getPost(deps, caller, postId);
  if (!isAuthor(current, caller) && !isModerator(caller)) throw new ForbiddenError('only the author or a moderator can delete a post');
  if (current.status === 'deleted') return;
  const at = deps.clock().toISOString();
  // A tombstone, not a removal: its author and moderators still see it and its earlier versions.
  const outcome = await deps.posts.deletePost(current, nextVersion(current, { status: 'deleted', deletedAt: at }, at), caller.memberId);
  // Deleted by someone else between our read and write: the end state is what the caller asked for.
  if (outcome.result === 'stale' && outcome.current.status === 'deleted') return;
  settle(current, outcome);
}

export async function communityFeed(
  deps: Deps,
  communityId: string,
  kind: PostKind | undefined,
  page: PageRequest,
  answered?: boolean | undefined,
): Promise<Page<Post>> {
  if (answered !== undefined && kind !== undefined && kind !== 'question')
    throw new UnprocessableError(`answered filters questions; kind ${kind} has no answers`, [
      { field: 'query.answered', message: 'only with kind=question or no kind' },
    ]);
  // One Query of the community's answered (or unanswered) questions partition, never a filter over a feed page.
  const feed =
    answered !== undefined ? await deps.posts.answeredQuestions(communityId, answered, page) : await deps.posts.communityFeed(communityId, kind, page);
  // Only an empty page reads the community, to tell an unknown community (404) from an empty feed.
  if (feed.items.length === 0 && !(await deps.communities.getCommunity(communityId))) throw new NotFoundError(`community ${communityId} does not exist`);
  return feed;
}

export async function productFeed(deps: Deps, productId: string, kind: PostKind | undefined, page: PageRequest) {
  const [posts, summary] = await Promise.all([deps.posts.productFeed(productId, kind, page), deps.posts.productSummary(productId)]);
  return {
    productId,
    reviewCount: summary.reviewCount,
    averageRating: summary.reviewCount > 0 ? Math.round((summary.ratingSum / summary.reviewCount) * 100) / 100 : null,
    ...posts,
  };
}

/** Earlier versions are the author's and the moderators' to read, even after a delete. */
export async function postRevisions(deps: Deps, caller: Caller, postId: string, page: PageRequest): Promise<Page<PostRevision>> {
  const post = await getPost(deps, caller, postId);
  if (!isAuthor(post, caller) && !isModerator(caller)) throw new ForbiddenError('only the author and moderators can read earlier versions of a post');
  return deps.posts.revisions(postId, page);
}

export const memberFeed = (deps: Deps, memberId: string, page: PageRequest): Promise<Page<Post>> => deps.posts.memberFeed(memberId, page);

function checkPatchFitsKind(kind: PostKind, patch: PostPatch): void {
  if (patch.rating !== undefined && kind !== 'review') {
    throw new UnprocessableError(`rating applies to reviews only; this post is a ${kind}`, [{ field: 'body.rating', message: 'only reviews have a rating' }]);
  }
  if (kind === 'review' && patch.productIds !== undefined && patch.productIds.length !== 1) {
    throw new UnprocessableError(`a review rates exactly one product: productIds must have 1 item, got ${patch.productIds.length}`, [
      { field: 'body.productIds', message: 'a review rates exactly one product' },
    ]);
  }
}

/**
 * The next version of a post: every change to it, whoever makes it, bumps the version (what If-Match
 * and moderators' decisions compare) and the update time. The store persists exactly this.
 */
const nextVersion = (current: Post, changes: Partial<Post>, at: string): Post => ({ ...current, ...changes, version: current.version + 1, updatedAt: at });

/** The post a conditional write produced; `previous` is the version it was based on. */
export function settle(previous: Post, outcome: EditOutcome): Post {
  switch (outcome.result) {
    case 'updated':
      return outcome.post;
    case 'missing':
      throw new NotFoundError(`post ${previous.postId} does not exist`);
    case 'stale':
      throw new VersionMismatchError('post', previous.postId, outcome.current.version, [previous.version], true);
  }
}

export const emptyReactionCounts = (): Record<Reaction, number> => Object.fromEntries(REACTIONS.map((r) => [r, 0])) as Record<Reaction, number>;

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
