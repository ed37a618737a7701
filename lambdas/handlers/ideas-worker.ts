/**
 * The ideas worker, run on a schedule (every minute in AWS; every few seconds locally): starts the
 * day's trending windows once a day (lambdas/ideas/trending.ts) and finishes the merges too large
 * for the request that started them (lambdas/ideas/merge.ts) and the settling of closed (or reopened)
 * ideas' budgeted votes (lambdas/ideas/settle.ts), a bounded step at a time, within a time budget
 * below the function's timeout. Each step commits on its own, so a timeout or a crash
 * loses nothing: the next run resumes from the job's cursor.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ideasWorkerDeps } from '../composition/ideas-worker';
import { injectLambdaContext, logger } from '../http/logger';
import { finishMerges } from '../ideas/merge';
import { finishSettles } from '../ideas/settle';
import { carryTrending } from '../ideas/trending';

/** The share of the remaining time the worker spends on merges, leaving room for the step in hand to commit. */
const BUDGET_SHARE = 0.7;

interface WorkDone {
  readonly carried: number;
  readonly steps: number;
  readonly finished: number;
  readonly settleSteps: number;
  readonly settlesFinished: number;
}

async function work(_event: unknown, context: Context): Promise<WorkDone> {
  const deps = ideasWorkerDeps();
  const trending = await carryTrending(deps);
  const merges = await finishMerges(deps, Math.max(1000, context.getRemainingTimeInMillis() * BUDGET_SHARE));
  const settles = await finishSettles(deps, Math.max(500, context.getRemainingTimeInMillis() * BUDGET_SHARE));
  if (trending.carried > 0 || merges.steps > 0 || settles.settleSteps > 0) logger.info('ideas worker', { ...trending, ...merges, ...settles });
  return { carried: trending.carried, ...merges, ...settles };
}

export const handler = middy(work).use(injectLambdaContext(logger, { resetKeys: true }));
