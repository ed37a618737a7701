/**
 * The one sanction check every request passes (lambdas/http/http-handler.ts calls it before the
 * route's operation): one eventually consistent read of the caller's small state item (0.5 RRU),
 * nothing for the routes of one's own account. A contribution by a member with no state yet creates
 * it (their first write: once per member), which starts their account age and makes their pseudonym key.
 */
import type { Caller } from '../domain/caller';
import type { Clock } from '../domain/clock';
import type { MemberStore } from './ports';
import { enforceStanding, restrictionOf, type MemberState, type SanctionScope } from './standing';

export type StandingStore = Pick<MemberStore, 'getState' | 'createState'>;

/** Throws SanctionedError when a sanction forbids the request; otherwise the caller's state, for the use case to reuse. */
export async function admit(store: StandingStore, clock: Clock, caller: Caller, scope: SanctionScope): Promise<MemberState | undefined> {
  if (scope === 'own-account') return undefined;
  const state = await store.getState(caller.memberId);
  const now = clock();
  enforceStanding(restrictionOf(state, now), scope);
  if (state || scope !== 'write') return state;
  const at = now.toISOString();
  await store.createState(caller.memberId, at);
  return { memberId: caller.memberId, firstSeenAt: at, approvedContributions: 0, sanctions: {} };
}
