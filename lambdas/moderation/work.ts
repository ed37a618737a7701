/**
 * Working one queue item: leases (take, extend, give back) and a decision by the lease holder on
 * the version they saw, with what it changes besides the item, committed in one transaction (the
 * queue's plan). What deciding does to content is the caller's (moderation.ts); this module reads
 * no content, so the members' routes that alias the queue (sanction appeals) carry none of it.
 */
import type { Decision } from '../api/moderation-schemas';
import { isModerator, type Caller } from '../domain/caller';
import { newId, type Clock } from '../domain/clock';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../domain/errors';
import { leaseFor } from '../domain/leased-queue';
import type { ModerationQueue } from '../domain/ports';
import type { MemberStore } from '../members/ports';
import { checkSanction, sanctionMember } from '../members/sanctions';
import type { AuditWrite, ModerationPlan } from './plan';
import { allowedActions, auditEntry, decided, hasLiveLease, holdsLease, mayDecide, present, mayWork, type QueueItem } from './queue';

/** What working an item needs: the queue (its items and plans), the clock, and members for a decision's sanction or a sanction appeal. */
export interface QueueDeps {
  readonly moderation: ModerationQueue;
  readonly clock: Clock;
  readonly members?: MemberStore | undefined;
}

export function requireModerator(caller: Caller): void {
  if (!isModerator(caller)) throw new ForbiddenError('the moderation queue is for the moderators and senior-moderators groups');
}

export const audit = (deps: QueueDeps, item: QueueItem, entry: AuditWrite['entry'], waitedSeconds?: number): AuditWrite => ({
  entry,
  auditId: newId(deps.clock),
  target: { communityId: item.communityId, postId: item.postId },
  ...(waitedSeconds !== undefined ? { waitedSeconds } : {}),
});

/** How long an item waited for its decision (stats: time to decision). */
export const waitedSeconds = (item: Pick<QueueItem, 'createdAt'>, now: Date): number =>
  Math.max(0, Math.round((now.getTime() - Date.parse(item.createdAt)) / 1000));

export const APPEAL_TO_ANOTHER =
  'an appeal is decided by a different moderator than the one who rejected the content or issued the sanction: leave it to another moderator';

export async function itemFor(deps: QueueDeps, caller: Caller, itemId: string): Promise<QueueItem> {
  const item = await deps.moderation.getQueueItem(itemId);
  if (!item) throw new NotFoundError(`moderation item ${itemId} does not exist`);
  if (!mayWork(item, caller)) throw new ForbiddenError(`item ${itemId} is in the senior queue: senior-moderators only`);
  return item;
}

/**
 * Takes a lease on one item (picked from the list) or extends the caller's own: five minutes from
 * now either way. Someone else's live lease is refused.
 */
export async function leaseItem(deps: QueueDeps, caller: Caller, itemId: string) {
  requireModerator(caller);
  const item = await itemFor(deps, caller, itemId);
  if (!mayDecide(item, caller)) throw new ForbiddenError(APPEAL_TO_ANOTHER);
  const now = deps.clock();
  const at = now.toISOString();
  const next: QueueItem = { ...item, lease: leaseFor(caller, now) };
  if (holdsLease(item, caller, now)) {
    await commitOrConflict(deps, item, {
      item: { next, guard: { kind: 'leased', holder: caller.memberId, version: item.version, now: at }, previous: item },
      audits: [audit(deps, item, auditEntry(item, item.status, caller.memberId, 'extend-lease', at))],
    });
    return present(next, caller, now);
  }
  if (hasLiveLease(item, now)) throw new ForbiddenError(`item ${itemId} is leased to another moderator until ${item.lease!.expiresAt}`);
  if (item.status !== 'pending' && item.status !== 'escalated')
    throw new ConflictError(`item ${itemId} is ${item.status}: nothing left to decide`, { item: present(item, caller, now) });
  await commitOrConflict(deps, item, {
    item: { next, guard: { kind: 'claimable', version: item.version, now: at }, previous: item },
    audits: claimAudits(deps, item, caller, at),
  });
  return present(next, caller, now);
}

/** A claim's log: an expired lease ended without anyone acting, so the log says so when the item is taken over. */
export function claimAudits(deps: QueueDeps, item: QueueItem, caller: Caller, at: string): AuditWrite[] {
  const expired = item.lease ? [audit(deps, item, auditEntry(item, item.status, item.lease.holder, 'lease-expired', item.lease.expiresAt))] : [];
  return [...expired, audit(deps, item, auditEntry(item, item.status, caller.memberId, 'claim', at))];
}

export async function releaseLease(deps: QueueDeps, caller: Caller, itemId: string) {
  requireModerator(caller);
  const item = await itemFor(deps, caller, itemId);
  const now = deps.clock();
  requireLease(item, caller, now);
  const next: QueueItem = { ...item, lease: null };
  await commitOrConflict(deps, item, {
    item: { next, guard: { kind: 'leased', holder: caller.memberId, version: item.version, now: now.toISOString() }, previous: item },
    audits: [audit(deps, item, auditEntry(item, item.status, caller.memberId, 'release-lease', now.toISOString()))],
  });
  return present(next, caller, now);
}

function requireLease(item: QueueItem, caller: Caller, now: Date): void {
  if (holdsLease(item, caller, now)) return;
  if (item.lease?.holder === caller.memberId) {
    throw new ConflictError(`your lease on ${item.itemId} expired at ${item.lease.expiresAt}; claim it again if it is still free`, {
      item: present(item, caller, now),
    });
  }
  if (hasLiveLease(item, now)) throw new ForbiddenError(`item ${item.itemId} is leased to another moderator until ${item.lease!.expiresAt}`);
  throw new ConflictError(`item ${item.itemId} is not leased to you; claim it first`, { item: present(item, caller, now) });
}

async function commitOrConflict(deps: QueueDeps, item: QueueItem, plan: ModerationPlan): Promise<void> {
  const outcome = await deps.moderation.commit(plan);
  if (outcome.ok) return;
  const current = await deps.moderation.getQueueItem(item.itemId);
  throw new ConflictError(
    outcome.failed === 'item'
      ? `item ${item.itemId} changed meanwhile; here is its current state`
      : `the ${outcome.failed} under review changed meanwhile; look again`,
    current ? { item: current } : undefined,
  );
}

/**
 * A decision by the lease holder on the version they saw, with what it changes besides the item
 * (`effects`: the content, or a sanction appeal's sanction), committed in one transaction.
 */
export async function decideWith(
  deps: QueueDeps,
  caller: Caller,
  itemId: string,
  decision: Decision,
  effects: (item: QueueItem, now: Date) => Promise<Omit<ModerationPlan, 'item' | 'audits'>>,
) {
  requireModerator(caller);
  const item = await itemFor(deps, caller, itemId);
  const now = deps.clock();
  requireLease(item, caller, now);
  if (decision.version !== item.version) {
    throw new ConflictError(`item ${itemId} is at version ${item.version}, the decision was made on version ${decision.version}; look at it again`, {
      item: present(item, caller, now),
    });
  }
  if (!allowedActions(item, caller, now).includes(decision.action)) {
    if (!mayDecide(item, caller)) throw new ForbiddenError(APPEAL_TO_ANOTHER);
    throw new UnprocessableError(`${decision.action} is not possible on this item; possible: ${allowedActions(item, caller, now).join(', ')}`, [
      { field: 'body.action', message: `possible: ${allowedActions(item, caller, now).join(', ')}` },
    ]);
  }
  if (decision.sanction && item.kind === 'sanction-appeal') {
    throw new UnprocessableError('a sanction appeal is upheld or its sanction lifted: issue a new sanction with POST /v1/members/{memberId}/sanctions', [
      { field: 'body.sanction', message: 'not with a sanction appeal' },
    ]);
  }
  // A sanction with a reject is checked before anything is written: a refused one refuses the decision.
  if (decision.sanction) checkSanction(caller, item.authorId, decision.sanction);
  const at = now.toISOString();
  const record = { action: decision.action, reasonCode: decision.reasonCode ?? null, note: decision.note ?? null, moderatorId: caller.memberId, decidedAt: at };
  const next = decided(item, decision.action, record);
  const waited = waitedSeconds(item, now);
  const plan: ModerationPlan = {
    item: { next, guard: { kind: 'leased', holder: caller.memberId, version: item.version, now: at }, previous: item },
    ...(await effects(item, now)),
    audits: [audit(deps, item, auditEntry(item, next.status, caller.memberId, decision.action, at, record.reasonCode, record.note), waited)],
  };
  await commitOrConflict(deps, item, plan);
  if (decision.sanction) await sanctionAuthor(deps, caller, item, decision.sanction);
  return present(next, caller, now);
}

export function requireMembers(deps: QueueDeps): MemberStore {
  if (!deps.members) throw new Error('the moderation composition must provide members to sanction or decide a sanction appeal');
  return deps.members;
}

/**
 * The sanction of a reject, issued once the decision committed (its own transaction: the member's
 * state is not part of the queue's plans). If it fails the decision stands, and the error says so.
 */
async function sanctionAuthor(deps: QueueDeps, caller: Caller, item: QueueItem, sanction: NonNullable<Decision['sanction']>): Promise<void> {
  try {
    await sanctionMember({ members: requireMembers(deps), clock: deps.clock }, caller, item.authorId, sanction, item.itemId);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConflictError(
      `the rejection of ${item.itemId} is recorded, but the sanction was not issued (${detail}): issue it with POST /v1/members/${item.authorId}/sanctions`,
    );
  }
}
