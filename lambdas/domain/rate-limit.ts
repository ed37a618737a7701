import type { Caller } from './caller';
import { RateLimitedError } from './errors';
import type { ChorusDeps } from './ports';

const WINDOW_SECONDS = 60;

/** Reports a member may file a minute, across communities: enough for anyone reporting by hand. */
export const REPORTS_PER_MINUTE = 5;
/** Engagement events a member's apps may send a minute (views, clicks), counted event by event. */
export const EVENTS_PER_MINUTE = 120;

type Deps = Pick<ChorusDeps, 'rateLimiter' | 'clock'>;

/**
 * Counts one post or comment against the community's per-minute limit, in the backend, so a client
 * that ignores the gateway's throttling still cannot flood a community.
 */
export async function enforceRateLimit(deps: Deps, caller: Caller, action: 'post' | 'comment', communityId: string, perMinute: number): Promise<void> {
  const verdict = await deps.rateLimiter.consume({ action, scope: communityId, memberId: caller.memberId }, perMinute, WINDOW_SECONDS, deps.clock());
  if (!verdict.allowed) {
    throw new RateLimitedError(
      `you can ${action} at most ${perMinute} times a minute in community ${communityId}; try again in ${verdict.retryAfterSeconds} s`,
      verdict.retryAfterSeconds,
    );
  }
}

/** Counts one report against the member's limit across communities, so nobody can bury the queue. */
export async function enforceReportLimit(deps: Deps, caller: Caller): Promise<void> {
  const verdict = await deps.rateLimiter.consume(
    { action: 'report', scope: 'all', memberId: caller.memberId },
    REPORTS_PER_MINUTE,
    WINDOW_SECONDS,
    deps.clock(),
  );
  if (!verdict.allowed) {
    throw new RateLimitedError(
      `you can report at most ${REPORTS_PER_MINUTE} times a minute; try again in ${verdict.retryAfterSeconds} s`,
      verdict.retryAfterSeconds,
    );
  }
}

/** Counts a batch of client events, event by event, against the member's limit; a refused batch queues none. */
export async function enforceEventLimit(deps: Deps, caller: Caller, events: number): Promise<void> {
  const verdict = await deps.rateLimiter.consume(
    { action: 'event', scope: 'all', memberId: caller.memberId },
    EVENTS_PER_MINUTE,
    WINDOW_SECONDS,
    deps.clock(),
    events,
  );
  if (!verdict.allowed) {
    throw new RateLimitedError(
      `you can send at most ${EVENTS_PER_MINUTE} events a minute; this batch of ${events} would exceed it: try again in ${verdict.retryAfterSeconds} s`,
      verdict.retryAfterSeconds,
    );
  }
}
