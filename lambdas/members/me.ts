/** GET /v1/me: who the caller is, with their trust level and the sanction in force (one read of their state). */
import type { Caller } from '../domain/caller';
import type { MembersDeps } from './sanctions';
import { DEFAULT_TRUST_THRESHOLDS, restrictionOf, trustLevelOf } from './standing';

export async function aboutMe(deps: MembersDeps, caller: Caller) {
  const state = await deps.members.getState(caller.memberId);
  const now = deps.clock();
  const restriction = restrictionOf(state, now);
  return {
    memberId: caller.memberId,
    username: caller.username,
    groups: [...caller.groups].sort(),
    trustLevel: trustLevelOf(state, DEFAULT_TRUST_THRESHOLDS, now),
    approvedContributions: state?.approvedContributions ?? 0,
    firstSeenAt: state?.firstSeenAt ?? null,
    restriction: restriction.level === 'none' ? null : restriction,
  };
}
