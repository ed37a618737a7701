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
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';
import { claimFirst, hasLiveLease, holdsLease, leaseFor } from '../domain/leased-queue';
import type { ChorusDeps, DeskFilters, PageRequest } from '../domain/ports';
import { LAST_DUE_DAYS_AHEAD, dueHourOf, windowDaysOf } from '../moderation/stats';
import { deskItemIdOf, entering, presentDesk, reactedTo, withLease, type DeskRecord, type DeskWrite } from './desk-item';
import type { CloseReason } from './model';
import { deskStatsFromCounters, lastHoursOf, SLO_BURN_WINDOWS_HOURS, sloFrom } from './stats';

type Deps = Pick<ChorusDeps, 'desk' | 'communities' | 'clock'>;

export function requireStaff(caller: Caller): void {
  if (!isStaff(caller)) throw new ForbiddenError('the response desk is for the retail-staff and community-managers groups');
}

/** The latest a desk item can fall due after it enters: 168 hours of business time spread over weekends and short days. */
const DESK_LAST_DUE_DAYS_AHEAD = Math.max(LAST_DUE_DAYS_AHEAD, 62);

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

/** What a staff member's published comment on `postId` does to its open desk item: the official response. */
export async function respondingWith(deps: Deps, caller: Caller, postId: string, commentId: string, at: Date): Promise<DeskWrite | undefined> {
  if (!isStaff(caller)) return undefined;
  const item = await deps.desk.getDeskItem(deskItemIdOf(postId));
  if (item?.status !== 'open') return undefined;
  return { next: reactedTo(item, { at, caller, via: 'official-comment', commentId }), guard: { kind: 'version', version: item.version }, previous: item };
}

/** What accepting an answer does to the question's open desk item. */
export async function answeredWith(deps: Deps, caller: Caller, postId: string, commentId: string, at: Date): Promise<DeskWrite | undefined> {
  const item = await deps.desk.getDeskItem(deskItemIdOf(postId));
  if (item?.status !== 'open') return undefined;
  return { next: reactedTo(item, { at, caller, via: 'accepted-answer', commentId }), guard: { kind: 'version', version: item.version }, previous: item };
}

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
      const won = await deps.desk.commit({ next, guard: { kind: 'claimable', version: candidate.version, now: at }, previous: candidate });
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
  await commitOrConflict(deps, { next, guard, previous: item });
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
  await commitOrConflict(deps, { next, guard: { kind: 'leased', holder: caller.memberId, version: item.version, now: now.toISOString() }, previous: item });
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
  await commitOrConflict(deps, { next, guard: { kind: 'version', version: item.version }, previous: item });
  return presentDesk(next, now);
}

// ---------------------------------------------------------------------------------------------
// Stats and the SLO

export async function deskStats(deps: Deps, caller: Caller, communityId: string, windowDays: number): Promise<DeskStats> {
  requireStaff(caller);
  const now = deps.clock();
  const lastDueDay = new Date(now.getTime() + DESK_LAST_DUE_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
  const counters = await deps.desk.statsCounters({ communityId, hour: dueHourOf(now.toISOString()), lastDueDay, days: windowDaysOf(now, windowDays) });
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
