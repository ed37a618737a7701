/** Follow and unfollow posts, products, communities and ideas; a member's follows, a page at a time. */
import { assertMayContribute, type Caller } from '../domain/caller';
import { NotFoundError } from '../domain/errors';
import type { PageRequest } from '../domain/ports';
import type { FollowTarget } from './model';
import type { FollowsDeps } from './ports';

export interface FollowState extends FollowTarget {
  readonly following: boolean;
}

export async function follow(deps: FollowsDeps, caller: Caller, target: FollowTarget): Promise<FollowState> {
  assertMayContribute(caller);
  // A hidden or unknown post answers like a missing one: nobody learns a hidden post exists.
  if (!(await deps.targets.exists(target))) throw new NotFoundError(`no ${target.targetType} ${target.targetId} to follow`);
  await deps.follows.follow({ ...target, memberId: caller.memberId, followedAt: deps.clock().toISOString(), reason: 'explicit' });
  return { ...target, following: true };
}

/** Idempotent: unfollowing what one does not follow still leaves the mark (no automatic follow comes back). */
export async function unfollow(deps: FollowsDeps, caller: Caller, target: FollowTarget): Promise<FollowState> {
  assertMayContribute(caller);
  await deps.follows.unfollow(caller.memberId, target, deps.clock().toISOString());
  return { ...target, following: false };
}

export const listFollows = (deps: FollowsDeps, caller: Caller, page: PageRequest) => deps.follows.listFollows(caller.memberId, page);
