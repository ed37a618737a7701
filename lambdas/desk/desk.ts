/**
 * The retail team's response desk: what waits for a staff reaction, most overdue first, worked
 * under the same leases as the moderation queue (lambdas/domain/leased-queue.ts); response
 * policies; time to first response and its SLO, from counters.
 *
 * Items enter when content a response policy names is published (a post's create, or a held post's
 * approval) and leave on the first staff reaction: an official comment, an accepted answer, or a
 * close with a reason. Edits and members' comments leave the clock alone.
 */
import type { DeskClose, DeskItem, DeskSlo, DeskStats, ResponsePolicy } from '../api/desk-schemas';
import type { Post } from '../api/schemas';
import { isCommunityManager, isStaff, type Caller } from '../domain/caller';
import { newId } from '../domain/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';
import { claimFirst, hasLiveLease, holdsLease, leaseFor } from '../domain/leased-queue';
import type { ChorusDeps, DeskFilters, PageRequest } from '../domain/ports';
import { dueHourOf, windowDaysOf } from '../moderation/stats';
import { deskItemIdOf, deskStepAudits, entering, presentDesk, reactedTo, withLease, type DeskRecord, type DeskWrite } from './desk-item';
import type { DeskAuditAction } from './model';
import type { CloseReason, ResponseVia } from './model';
import { deskStatsFromCounters, lastDueDayOf, lastHoursOf, SLO_BURN_WINDOWS_HOURS, sloFrom } from './stats';

/** What the desk reads and writes: its own store, communities only looked up, and the clock. */
export type DeskDeps = Pick<ChorusDeps, 'desk' | 'clock'> & { readonly communities: Pick<ChorusDeps['communities'], 'getCommunity'> };
type Deps = DeskDeps;

export function requireStaff(caller: Caller): void {
  if (!isStaff(caller)) throw new ForbiddenError('the response desk is for the retail-staff and community-managers groups');
}

// ---------------------------------------------------------------------------------------------
// Policies

export async function getResponsePolicy(deps: Deps, caller: Caller, communityId: string): Promise<ResponsePolicy> {
  requireStaff(caller);
  if (!(await deps.communities.getCommunity(communityId))) throw new NotFoundError(`community ${communityId} does not exist`);
  const policy = await deps.desk.getResponsePolicy(communityId);
  if (!policy) throw new NotFoundError(`community ${communityId} has no response policy (so no desk): a community manager PUTs one`);
  return policy;
}

export async function putResponsePolicy(deps: Deps, caller: Caller, communityId: string, policy: ResponsePolicy): Promise<ResponsePolicy> {
  if (!isCommunityManager(caller)) throw new ForbiddenError('changing a response policy needs the community-managers group');
  await deps.desk.putResponsePolicy(communityId, policy);
  return policy;
}

// ---------------------------------------------------------------------------------------------
// Entering and leaving, written with the content's own transaction

/** The desk item a held post enters with when a moderator approves it (none if it needs no reaction or was on the desk before). */
export async function enteringOnApproval(deps: Deps, post: Post, at: Date): Promise<DeskWrite | undefined> {
  if (post.kind === 'discussion') return undefined;
  const community = await deps.communities.getCommunity(post.communityId);
  const next = entering({ ...post, status: 'published' }, community?.responsePolicy, at);
  if (!next || (await deps.desk.getDeskItem(next.itemId))) return undefined;
  return { next, guard: { kind: 'new' }, previous: null };
}

/** A desk step from `previous` to `next` by the caller, guarded as given, with its audit entries. */
const step = (
  deps: Pick<Deps, 'clock'>,
  caller: Caller,
  action: DeskAuditAction,
  at: Date,
  previous: DeskRecord,
  next: DeskRecord,
  guard: DeskWrite['guard'],
): DeskWrite => ({
  next,
  guard,
  previous,
  audits: deskStepAudits(previous, next, { action, actorId: caller.memberId, at, newId: () => newId(deps.clock) }),
});

/** The first reaction to `postId`'s open desk item, if it has one: it leaves the desk (an official comment, an accepted answer, a brand reply). */
async function reactingWith(
  deps: Deps,
  caller: Caller,
  postId: string,
  at: Date,
  reaction: { via: ResponseVia; commentId?: string },
): Promise<DeskWrite | undefined> {
  const item = await deps.desk.getDeskItem(deskItemIdOf(postId));
  if (item?.status !== 'open') return undefined;
  return step(deps, caller, 'respond', at, item, reactedTo(item, { at, caller, ...reaction }), { kind: 'version', version: item.version });
}

/** What a staff member's published comment on `postId` does to its open desk item: the official response. */
export const respondingWith = async (deps: Deps, caller: Caller, postId: string, commentId: string, at: Date): Promise<DeskWrite | undefined> =>
  isStaff(caller) ? reactingWith(deps, caller, postId, at, { via: 'official-comment', commentId }) : undefined;

/** What accepting an answer does to the question's open desk item. */
export const answeredWith = (deps: Deps, caller: Caller, postId: string, commentId: string, at: Date): Promise<DeskWrite | undefined> =>
  reactingWith(deps, caller, postId, at, { via: 'accepted-answer', commentId });

/** What the brand's first reply to a review does to its open desk item: the official response. */
export const brandRepliedWith = (deps: Deps, caller: Caller, postId: string, at: Date): Promise<DeskWrite | undefined> =>
  reactingWith(deps, caller, postId, at, { via: 'brand-reply' });

// ---------------------------------------------------------------------------------------------
// Working the desk

export async function listDeskItems(deps: Deps, caller: Caller, filters: DeskFilters, page: PageRequest) {
  requireStaff(caller);
  const now = deps.clock();
  const items = await deps.desk.listOpen(filters, now.toISOString(), page);
  return { items: items.items.map((i) => presentDesk(i, now)), nextCursor: items.nextCursor };
}

async function itemFor(deps: Deps, itemId: string): Promise<DeskRecord> {
  const item = await deps.desk.getDeskItem(itemId);
  if (!item) throw new NotFoundError(`desk item ${itemId} does not exist`);
  return item;
}

/** Leases the most overdue free item (of one community if given); null when nothing is free. */
export async function claimNextDeskItem(deps: Deps, caller: Caller, communityId?: string): Promise<DeskItem | null> {
  requireStaff(caller);
  const now = deps.clock();
  const at = now.toISOString();
  return claimFirst(
    deps.desk.claimCandidates(at, communityId),
    () => true,
    async (candidate) => {
      const next = withLease({ ...candidate, version: candidate.version + 1 }, leaseFor(caller, now));
      const won = await deps.desk.commit(step(deps, caller, 'claim', now, candidate, next, { kind: 'claimable', version: candidate.version, now: at }));
      return won ? presentDesk(next, now) : null;
    },
  );
}

function refuseOthersLease(item: DeskRecord, caller: Caller, now: Date): void {
  if (hasLiveLease(item, now) && !holdsLease(item, caller, now))
    throw new ForbiddenError(`desk item ${item.itemId} is leased to another staff member until ${item.lease!.expiresAt}`);
}

async function commitOrConflict(deps: Deps, write: DeskWrite): Promise<void> {
  if (await deps.desk.commit(write)) return;
  const current = await deps.desk.getDeskItem(write.next.itemId);
  throw new ConflictError(
    `desk item ${write.next.itemId} changed meanwhile; here is its current state`,
    current ? { item: presentDesk(current, new Date()) } : undefined,
  );
}

/** Takes a lease on one item, or extends the caller's own: five minutes from now either way. */
export async function leaseDeskItem(deps: Deps, caller: Caller, itemId: string): Promise<DeskItem> {
  requireStaff(caller);
  const item = await itemFor(deps, itemId);
  const now = deps.clock();
  const at = now.toISOString();
  refuseOthersLease(item, caller, now);
  if (item.status !== 'open') throw new ConflictError(`desk item ${itemId} is ${item.status}: nothing left to respond to`, { item: presentDesk(item, now) });
  const next = withLease({ ...item, version: item.version + 1 }, leaseFor(caller, now));
  const guard = holdsLease(item, caller, now)
    ? ({ kind: 'leased', holder: caller.memberId, version: item.version, now: at } as const)
    : ({ kind: 'claimable', version: item.version, now: at } as const);
  await commitOrConflict(deps, step(deps, caller, guard.kind === 'leased' ? 'extend-lease' : 'claim', now, item, next, guard));
  return presentDesk(next, now);
}

export async function releaseDeskLease(deps: Deps, caller: Caller, itemId: string): Promise<DeskItem> {
  requireStaff(caller);
  const item = await itemFor(deps, itemId);
  const now = deps.clock();
  if (!holdsLease(item, caller, now)) {
    refuseOthersLease(item, caller, now);
    throw new ConflictError(`desk item ${itemId} is not leased to you`, { item: presentDesk(item, now) });
  }
  const next = withLease({ ...item, version: item.version + 1 }, null);
  await commitOrConflict(
    deps,
    step(deps, caller, 'release-lease', now, item, next, { kind: 'leased', holder: caller.memberId, version: item.version, now: now.toISOString() }),
  );
  return presentDesk(next, now);
}

/** Staff close an item that needs no (further) reaction, with a reason: it counts as the first reaction. */
export async function closeDeskItem(deps: Deps, caller: Caller, itemId: string, close: DeskClose): Promise<DeskItem> {
  requireStaff(caller);
  const item = await itemFor(deps, itemId);
  const now = deps.clock();
  refuseOthersLease(item, caller, now);
  if (item.status !== 'open') throw new ConflictError(`desk item ${itemId} is ${item.status}: it already left the desk`, { item: presentDesk(item, now) });
  const next = reactedTo(item, { at: now, caller, via: 'close', reasonCode: close.reasonCode as CloseReason });
  await commitOrConflict(deps, step(deps, caller, 'close', now, item, next, { kind: 'version', version: item.version }));
  return presentDesk(next, now);
}

// ---------------------------------------------------------------------------------------------
// Stats and the SLO

export async function deskStats(deps: Deps, caller: Caller, communityId: string, windowDays: number): Promise<DeskStats> {
  requireStaff(caller);
  const now = deps.clock();
  const counters = await deps.desk.statsCounters({
    communityId,
    hour: dueHourOf(now.toISOString()),
    lastDueDay: lastDueDayOf(now),
    days: windowDaysOf(now, windowDays),
  });
  return deskStatsFromCounters(communityId, counters, now, windowDays);
}

export async function deskSlo(deps: Deps, caller: Caller, communityId: string): Promise<DeskSlo> {
  requireStaff(caller);
  const policy = await deps.desk.getResponsePolicy(communityId);
  if (!policy) throw new NotFoundError(`community ${communityId} has no response policy, so no desk and no SLO`);
  const now = deps.clock();
  const hours = lastHoursOf(now, Math.max(...SLO_BURN_WINDOWS_HOURS));
  const counters = await deps.desk.sloCounters({
    communityId,
    days: windowDaysOf(now, policy.objective.windowDays),
    fromHour: hours[0]!,
    toHour: hours.at(-1)!,
  });
  return sloFrom(communityId, policy.objective, counters.days, counters.hours, now);
}
