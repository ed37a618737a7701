/**
 * Trending, kept a single Query: each community has one index partition per day, holding every idea
 * with votes in the 7 days up to that day, sorted by that count (lambdas/store/entities/trend-window.ts).
 * A vote writes one small window item (today's); once a day this carry starts the new day's window of
 * every idea in yesterday's partition from yesterday's count, less the votes of the day that left the
 * window. The carry is idempotent per idea and day, and ADD commutes with the votes that arrive first,
 * so it may run late, twice, or in the middle of the day's votes. The cost is one write per trending
 * idea per day, off the request path, instead of seven writes per vote (one per window the vote is in).
 */
import { addDays, dayOf } from './model';
import type { IdeaStore } from './ports';

/** Starts today's windows in every community (the ideas worker runs this each time; after the first run of a day it writes nothing). */
export async function carryTrending(deps: {
  readonly ideas: IdeaStore;
  readonly clock: () => Date;
}): Promise<{ readonly day: string; readonly carried: number }> {
  const day = dayOf(deps.clock());
  if (await deps.ideas.trendingCarried(day)) return { day, carried: 0 };
  let carried = 0;
  for await (const communityId of deps.ideas.communityIds()) carried += await deps.ideas.carryTrending(communityId, day);
  await deps.ideas.markTrendingCarried(day);
  return { day, carried };
}

/** The day whose cast votes leave the window when `day`'s window starts. */
export const leavingDay = (day: string): string => addDays(day, -7);
