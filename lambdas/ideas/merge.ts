/**
 * Merging duplicate ideas: staff merge X into Y; X becomes `merged` (read-only, pointing to Y; its
 * comments stay with it), and X's voters' votes move to Y, except for members who already vote for Y
 * (counted once). The votes move in bounded steps (lambdas/store/entities/merge-job.ts): the request
 * runs the first steps itself, so an ordinary merge is complete when it answers; a large one (10 k
 * voters) is finished by the ideas worker (lambdas/handlers/ideas-worker.ts), which picks up running
 * jobs. Undoing a merge (while Y is not shipped) takes back exactly the votes it moved.
 */
import type { Post } from '../api/schemas';
import { isCommunityManager, type Caller } from '../domain/caller';
import { newId } from '../domain/clock';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../domain/errors';
import { canSee } from '../posts/visibility';
import type { IdeaMergeDeps } from './ideas';
import { dayOf, type IdeaStatus, IDEA_STATUSES_AFTER_UNMERGE, type MergeJob, type TimelineEntry, VOTING_OPEN } from './model';

/** How many steps a request runs before it answers, leaving the rest to the worker: about 100 votes each. */
export const STEPS_IN_REQUEST = 10;
/** And for how long at most: the request answers well inside its function's timeout, however slow the table is today. */
export const REQUEST_STEPS_MS = 3000;

async function idea(deps: IdeaMergeDeps, caller: Caller, postId: string): Promise<Post> {
  const post = await deps.posts.getPost(postId);
  if (!post || !canSee(post, caller)) throw new NotFoundError(`post ${postId} does not exist`);
  if (post.kind !== 'idea' || post.status !== 'published') {
    throw new UnprocessableError(`post ${postId} is not a published idea; only published ideas merge`, [
      { field: 'path.postId', message: 'must be a published idea' },
    ]);
  }
  return post;
}

const assertStaff = (caller: Caller) => {
  if (!isCommunityManager(caller)) throw new ForbiddenError('merging ideas needs the community-managers group');
};

/** Runs steps of a job until it is done, `maxSteps` ran, or `budgetMs` passed. */
export async function runSteps(
  deps: IdeaMergeDeps,
  job: MergeJob,
  maxSteps: number,
  budgetMs = REQUEST_STEPS_MS,
  now: () => number = Date.now,
): Promise<MergeJob> {
  const started = now();
  let current = job;
  for (let i = 0; i < maxSteps && current.state === 'running' && now() - started < budgetMs; i++) current = await deps.ideas.mergeStep(current, deps.clock());
  return current;
}

/** Merges idea `postId` (X) into `targetPostId` (Y), both published ideas of one community still taking votes. */
export async function mergeIdea(deps: IdeaMergeDeps, caller: Caller, postId: string, targetPostId: string): Promise<MergeJob> {
  assertStaff(caller);
  if (postId === targetPostId)
    throw new UnprocessableError('an idea cannot be merged into itself', [{ field: 'body.targetPostId', message: 'must be another idea' }]);
  const [from, into] = await Promise.all([idea(deps, caller, postId), idea(deps, caller, targetPostId)]);
  if (from.communityId !== into.communityId) {
    throw new UnprocessableError(`ideas merge within one community: ${postId} is in ${from.communityId}, ${targetPostId} in ${into.communityId}`, [
      { field: 'body.targetPostId', message: 'must be an idea of the same community' },
    ]);
  }
  for (const p of [from, into]) {
    if (!VOTING_OPEN.includes(p.ideaStatus ?? 'open')) {
      throw new ConflictError(`idea ${p.postId} is ${p.ideaStatus}; only ideas still taking votes (${VOTING_OPEN.join(', ')}) merge`, {
        ideaStatus: p.ideaStatus,
      });
    }
  }
  const previousJob = (await deps.ideas.mergeJob(postId)) ?? null;
  if (previousJob && (previousJob.state === 'running' || previousJob.direction === 'merge')) {
    throw new ConflictError(`idea ${postId} is already being merged or merged into ${previousJob.intoPostId}`);
  }
  const [tally, assignment] = await Promise.all([deps.ideas.getTally(postId), deps.ideas.assignment(postId)]);
  if (!tally) throw new ConflictError(`idea ${postId} has no tally yet; retry in a moment`);
  const at = deps.clock().toISOString();
  const job: MergeJob = {
    fromPostId: postId,
    intoPostId: targetPostId,
    communityId: from.communityId,
    direction: 'merge',
    state: 'running',
    cursor: null,
    steps: 0,
    moved: 0,
    duplicates: 0,
    startedAt: at,
    finishedAt: null,
    actorId: caller.memberId,
    statusBefore: from.ideaStatus ?? 'open',
  };
  const entries = mergeEntries(deps, caller, job, at);
  const after: Post = { ...from, ideaStatus: 'merged', mergedInto: targetPostId, version: from.version + 1, updatedAt: at };
  const outcome = await deps.ideas.startMerge({
    from: { before: from, after, tally, assignment },
    into: { postId: targetPostId, statuses: VOTING_OPEN },
    entries,
    job,
    previousJob,
    actorRole: 'community-manager',
    actorTeam: caller.team ?? null,
  });
  if (outcome === 'target-closed') throw new ConflictError(`idea ${targetPostId} stopped taking votes meanwhile; it cannot take a merge`);
  if (outcome === 'stale') throw new ConflictError(`idea ${postId} or ${targetPostId} changed meanwhile; load them again and retry`);
  await deps.ideas.leaveTrending(postId, dayOf(deps.clock()));
  return runSteps(deps, job, STEPS_IN_REQUEST);
}

/** Undoes the merge of `postId`, while its target is not shipped: X returns to its status before the merge, the moved votes leave Y. */
export async function unmergeIdea(deps: IdeaMergeDeps, caller: Caller, postId: string): Promise<MergeJob> {
  assertStaff(caller);
  const from = await idea(deps, caller, postId);
  const previousJob = await deps.ideas.mergeJob(postId);
  if (previousJob?.direction !== 'merge' || from.ideaStatus !== 'merged') throw new ConflictError(`idea ${postId} is not merged`);
  if (previousJob.state === 'running')
    throw new ConflictError(`the merge of ${postId} is still moving votes (${previousJob.moved} so far); undo it once it is done`);
  const [tally, assignment] = await Promise.all([deps.ideas.getTally(postId), deps.ideas.assignment(postId)]);
  if (!tally) throw new ConflictError(`idea ${postId} has no tally`);
  const at = deps.clock().toISOString();
  const job: MergeJob = {
    ...previousJob,
    direction: 'unmerge',
    state: 'running',
    cursor: null,
    steps: 0,
    moved: 0,
    duplicates: 0,
    startedAt: at,
    finishedAt: null,
    actorId: caller.memberId,
  };
  const restored: IdeaStatus = IDEA_STATUSES_AFTER_UNMERGE.includes(previousJob.statusBefore) ? previousJob.statusBefore : 'open';
  const { mergedInto: _into, ...rest } = from;
  const after: Post = { ...rest, ideaStatus: restored, version: from.version + 1, updatedAt: at };
  const outcome = await deps.ideas.startMerge({
    from: { before: from, after, tally, assignment },
    into: { postId: previousJob.intoPostId, statuses: IDEA_STATUSES_AFTER_UNMERGE.filter((s) => s !== 'shipped') },
    entries: mergeEntries(deps, caller, job, at),
    job,
    previousJob,
    actorRole: 'community-manager',
    actorTeam: caller.team ?? null,
  });
  if (outcome === 'target-closed') throw new ConflictError(`idea ${previousJob.intoPostId} has shipped; a merge into a shipped idea stays`);
  if (outcome === 'stale') throw new ConflictError(`idea ${postId} changed meanwhile; load it again and retry`);
  return runSteps(deps, job, STEPS_IN_REQUEST);
}

/** Where a merge stands (staff), or NotFoundError when the idea was never merged. */
export async function mergeStatus(deps: IdeaMergeDeps, caller: Caller, postId: string): Promise<MergeJob> {
  assertStaff(caller);
  const job = await deps.ideas.mergeJob(postId);
  if (!job) throw new NotFoundError(`idea ${postId} has never been merged`);
  return job;
}

/** The worker's turn: runs steps of the oldest running jobs for at most `budgetMs`. */
export async function finishMerges(
  deps: IdeaMergeDeps,
  budgetMs: number,
  now: () => number = Date.now,
): Promise<{ readonly steps: number; readonly finished: number }> {
  const started = now();
  let steps = 0;
  let finished = 0;
  for (const job of await deps.ideas.runningMerges(10)) {
    let current = job;
    while (current.state === 'running' && now() - started < budgetMs) {
      current = await deps.ideas.mergeStep(current, deps.clock());
      steps += 1;
    }
    if (current.state === 'done') finished += 1;
    if (now() - started >= budgetMs) break;
  }
  return { steps, finished };
}

/** The two timeline entries of a merge or its undoing: one on each idea. */
function mergeEntries(deps: IdeaMergeDeps, caller: Caller, job: MergeJob, at: string): TimelineEntry[] {
  const merging = job.direction === 'merge';
  const common = { at, actorRole: 'community-manager' as const, actorTeam: caller.team ?? null, actorId: caller.memberId };
  return [
    { ...common, entryId: newId(deps.clock), postId: job.fromPostId, kind: merging ? 'merged' : 'unmerged', otherPostId: job.intoPostId },
    { ...common, entryId: newId(deps.clock), postId: job.intoPostId, kind: merging ? 'merged-from' : 'unmerged-from', otherPostId: job.fromPostId },
  ];
}
