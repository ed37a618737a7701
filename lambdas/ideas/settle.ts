/**
 * Vote budgets follow the idea's state: when an idea closes (shipped, declined), each budgeted vote
 * for it hands its unit back to its member's budget for the community; when it opens again, each
 * takes its unit again. A job walks the idea's voters in bounded steps (the request runs the first
 * ones, the ideas worker the rest), and each vote is settled at most once whatever retries or runs
 * twice: its `charged` flag flips only from the other value, in the transaction that moves the
 * counter. Merges settle their own votes as they move them (lambdas/store/dynamo-idea-store.ts).
 */
import type { Post } from '../api/schemas';
import type { IdeasDeps } from './ideas';
import { type IdeaStatus, isVotingOpen, type VoteSettleJob } from './model';

/** Steps a status change runs before it answers: about 50 budgeted votes each. */
export const SETTLE_STEPS_IN_REQUEST = 4;
/** And for how long at most, well inside the request's function timeout. */
export const REQUEST_SETTLE_MS = 2000;

/** The job a status change calls for: one when the idea stops or starts taking votes, none otherwise. */
export function settleJobFor(current: Post, status: IdeaStatus, at: string): VoteSettleJob | undefined {
  const wasOpen = isVotingOpen(current.ideaStatus ?? 'open');
  if (wasOpen === isVotingOpen(status)) return undefined;
  return {
    postId: current.postId,
    communityId: current.communityId,
    direction: wasOpen ? 'return' : 'charge',
    state: 'running',
    cursor: null,
    steps: 0,
    settled: 0,
    startedAt: at,
    finishedAt: null,
  };
}

/** Runs steps of a job until it is done, replaced, `maxSteps` ran, or `budgetMs` passed (the worker does the rest). */
export async function runSettleSteps(
  deps: Pick<IdeasDeps, 'ideas' | 'clock'>,
  job: VoteSettleJob,
  maxSteps: number,
  budgetMs = REQUEST_SETTLE_MS,
  now: () => number = Date.now,
): Promise<VoteSettleJob> {
  const started = now();
  let current = job;
  for (let i = 0; i < maxSteps && current.state === 'running' && current.startedAt === job.startedAt && now() - started < budgetMs; i++) {
    current = await deps.ideas.settleStep(current, deps.clock());
  }
  return current;
}

/** The worker's turn: runs steps of the oldest running jobs for at most `budgetMs`. */
export async function finishSettles(
  deps: Pick<IdeasDeps, 'ideas' | 'clock'>,
  budgetMs: number,
  now: () => number = Date.now,
): Promise<{ readonly settleSteps: number; readonly settlesFinished: number }> {
  const started = now();
  let settleSteps = 0;
  let settlesFinished = 0;
  for (const job of await deps.ideas.runningSettles(10)) {
    let current = job;
    while (current.state === 'running' && current.startedAt === job.startedAt && now() - started < budgetMs) {
      current = await deps.ideas.settleStep(current, deps.clock());
      settleSteps += 1;
    }
    if (current.state === 'done') settlesFinished += 1;
    if (now() - started >= budgetMs) break;
  }
  return { settleSteps, settlesFinished };
}
