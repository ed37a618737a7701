import type { Caller } from './caller';
import { RateLimitedError } from './errors';
import type { ChorusDeps } from './ports';

const WINDOW_SECONDS = 60;

/**
 * Counts one post or comment against the community's per-minute limit, in the backend, so a client
 * that ignores the gateway's throttling still cannot flood a community.
 */
export async function enforceRateLimit(
  deps: Pick<ChorusDeps, 'rateLimiter' | 'clock'>,
  caller: Caller,
  action: 'post' | 'comment',
  communityId: string,
  perMinute: number,
): Promise<void> {
  const verdict = await deps.rateLimiter.consume({ action, scope: communityId, memberId: caller.memberId }, perMinute, WINDOW_SECONDS, deps.clock());
  if (!verdict.allowed) {
    throw new RateLimitedError(
      `you can ${action} at most ${perMinute} times a minute in community ${communityId}; try again in ${verdict.retryAfterSeconds} s`,
      verdict.retryAfterSeconds,
    );
  }
}
