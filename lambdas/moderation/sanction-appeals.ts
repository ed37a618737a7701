/**
 * Sanction appeals, worked in the moderation queue. The member appeals a sanction once: that writes
 * the appeal on the sanction (what they see) and a queue item (what moderators claim, lease and
 * decide) in one transaction. The members' routes that predate the queue stay as aliases over it:
 * deciding an appeal there takes the item's lease and decides it as the queue does, and lifting a
 * sanction early closes its open appeal's item in the same transaction.
 */
import type { ReasonCode } from '../api/moderation-schemas';
import type { Caller } from '../domain/caller';
import type { Clock } from '../domain/clock';
import { ConflictError, ForbiddenError } from '../domain/errors';
import type { ModerationQueue } from '../domain/ports';
import type { MemberStore, Sanction, SanctionAppeal } from '../members/ports';
import { asSeenByMember, requireModerator, sanctionOf } from '../members/sanctions';
import { REASON_CODES } from './reasons';
import { audit, decideWith, leaseItem, waitedSeconds } from './work';
import type { ModerationPlan } from './plan';
import { auditEntry, DEFAULT_TURNAROUND_MINUTES, decided, isOpen, type QueueItem } from './queue';
import { openAppeal, sanctionAppealItem, sanctionAppealItemId, sanctionAppealStep } from './sanction-appeal';

export interface SanctionAppealDeps {
  readonly members: MemberStore;
  readonly moderation: ModerationQueue;
  readonly clock: Clock;
}

const ALREADY_APPEALED = (sanctionId: string) => `sanction ${sanctionId} has already been appealed; each sanction can be appealed once`;
const WAS_LIFTED = (sanctionId: string) => `sanction ${sanctionId} was lifted: nothing to appeal`;

/**
 * The member appeals one of their sanctions, once: the appeal on the sanction and its queue item
 * together. Its community is the one of the queue item whose decision issued the sanction, if any.
 */
export async function appealSanction(deps: SanctionAppealDeps, caller: Caller, sanctionId: string, text: string) {
  const sanction = await sanctionOf(deps, caller.memberId, sanctionId);
  if (sanction.lifted) throw new ConflictError(WAS_LIFTED(sanctionId));
  if (sanction.appeal) throw new ConflictError(ALREADY_APPEALED(sanctionId));
  const now = deps.clock().toISOString();
  const item = await appealItem(deps, sanction, text, now);
  const appeal = openAppeal(item.itemId, text, now);
  const outcome = await deps.moderation.commit({
    item: { next: item, guard: { kind: 'new' }, previous: null },
    sanction: { op: 'appeal', memberId: caller.memberId, sanctionId, appeal },
  });
  if (!outcome.ok) {
    // Appealed or lifted meanwhile (the item's key or the sanction's condition refused it): say which.
    const current = await sanctionOf(deps, caller.memberId, sanctionId);
    throw new ConflictError(current.lifted && !current.appeal ? WAS_LIFTED(sanctionId) : ALREADY_APPEALED(sanctionId));
  }
  return asSeenByMember({ ...sanction, appeal });
}

/** The queue item of an appeal of `sanction`: in the community of the item whose decision issued it, if any, due by that community's turnaround. */
async function appealItem(deps: SanctionAppealDeps, sanction: Sanction, text: string, at: string): Promise<QueueItem> {
  const source = sanction.sourceItemId ? await deps.moderation.getQueueItem(sanction.sourceItemId) : undefined;
  const communityId = source?.communityId ?? null;
  const policy = communityId === null ? undefined : await deps.moderation.getPolicy(communityId);
  return sanctionAppealItem(sanction, text, communityId, policy?.turnaroundMinutes ?? DEFAULT_TURNAROUND_MINUTES, at);
}

/**
 * An appeal filed before appeals were queue items has no item: it is queued when a moderator first
 * decides it, as filed (its text, the time it was filed, so it is due as it would have been). Of two
 * first decisions at once, one creates the item and the other finds it; the lease decides between them.
 */
async function queueEarlierAppeal(deps: SanctionAppealDeps, sanction: Sanction, appeal: SanctionAppeal, itemId: string): Promise<void> {
  if (appeal.itemId || (await deps.moderation.getQueueItem(itemId))) return;
  await deps.moderation.commit({ item: { next: await appealItem(deps, sanction, appeal.text, appeal.at), guard: { kind: 'new' }, previous: null } });
}

/**
 * Lifts a sanction before its end; the lifting (who, when, why) stays on the sanction. An open
 * appeal of it is granted by the lifting: its queue item closes as approved in the same transaction
 * (whoever holds its lease finds it decided), with its audit entry.
 */
export async function liftSanction(deps: SanctionAppealDeps, caller: Caller, memberId: string, sanctionId: string, note?: string): Promise<Sanction> {
  requireModerator(caller);
  const sanction = await sanctionOf(deps, memberId, sanctionId);
  if (sanction.kind === 'ban' && !caller.groups.has('senior-moderators')) throw new ForbiddenError('lifting a ban is for senior-moderators');
  if (sanction.lifted) throw new ConflictError(`sanction ${sanctionId} was already lifted`);
  const now = deps.clock();
  const at = now.toISOString();
  const lifted = { at, by: caller.memberId, note: note ?? null };
  // A warning, or a period pruned since it ended, is not among the active sanctions: only the sanction changes.
  const active = (await deps.members.getState(memberId, { consistent: true }))?.sanctions[sanctionId] !== undefined;
  if (sanction.appeal?.status !== 'open') {
    if (await deps.members.liftSanction(memberId, sanctionId, lifted, active)) return { ...sanction, lifted };
    const current = await sanctionOf(deps, memberId, sanctionId);
    if (current.lifted) throw new ConflictError(`sanction ${sanctionId} was already lifted`);
    // Appealed meanwhile: lift it with its appeal.
    if (current.appeal?.status === 'open') return liftSanction(deps, caller, memberId, sanctionId, note);
    throw new ConflictError(`member ${memberId} is being sanctioned by someone else right now; look at their record and retry`);
  }
  const appeal = { ...sanction.appeal, status: 'lifted' as const, decidedBy: caller.memberId, decidedAt: at, note: note ?? null };
  const item = await deps.moderation.getQueueItem(sanction.appeal.itemId ?? sanctionAppealItemId(sanctionId));
  const plan: ModerationPlan = {
    sanction: { op: 'lift', memberId, sanctionId, lifted, appeal, active },
    ...(item && isOpen(item.status) ? closingPlan(deps, caller, item, now, note ?? null) : {}),
  };
  const outcome = await deps.moderation.commit(plan);
  if (!outcome.ok) throw new ConflictError(`sanction ${sanctionId} or its appeal changed meanwhile; look at it again`);
  return { ...sanction, lifted, appeal };
}

/** An open appeal's item closed as approved by a sanction lifted early, and its audit entry (a decision: counted in the stats). */
function closingPlan(deps: SanctionAppealDeps, caller: Caller, item: QueueItem, now: Date, note: string | null): ModerationPlan {
  const at = now.toISOString();
  const record = { action: 'approve' as const, reasonCode: null, note, moderatorId: caller.memberId, decidedAt: at };
  const next = decided(item, 'approve', record);
  return {
    item: { next, guard: { kind: 'version', version: item.version }, previous: item },
    audits: [audit(deps, item, auditEntry(item, next.status, caller.memberId, 'approve', at, null, note), waitedSeconds(item, now))],
  };
}

/**
 * The members' route for deciding an appeal, an alias over the queue: it takes (or extends) the
 * item's lease and decides it on the version leased, as the queue's routes would: `lift` approves,
 * `uphold` rejects. The issuer is refused (403), so is a non-senior moderator for a ban; of two
 * moderators deciding at once, the one whose lease is taken gets 403 or 409.
 */
export async function decideSanctionAppeal(
  deps: SanctionAppealDeps,
  caller: Caller,
  memberId: string,
  sanctionId: string,
  decision: { readonly outcome: 'lift' | 'uphold'; readonly note?: string | undefined },
): Promise<Sanction> {
  requireModerator(caller);
  const sanction = await sanctionOf(deps, memberId, sanctionId);
  if (sanction.appeal?.status !== 'open') throw new ConflictError(`sanction ${sanctionId} has no open appeal`);
  const itemId = sanction.appeal.itemId ?? sanctionAppealItemId(sanctionId);
  await queueEarlierAppeal(deps, sanction, sanction.appeal, itemId);
  const leased = await leaseItem(deps, caller, itemId);
  const action = decision.outcome === 'lift' ? 'approve' : 'reject';
  // Upholding needs a reason code: the sanction's own when the queue knows it, else `other`.
  const reasonCode: ReasonCode = (REASON_CODES as readonly string[]).includes(sanction.reasonCode) ? (sanction.reasonCode as ReasonCode) : 'other';
  await decideWith(
    deps,
    caller,
    itemId,
    { action, version: leased.version, ...(action === 'reject' ? { reasonCode } : {}), ...(decision.note === undefined ? {} : { note: decision.note }) },
    (item, now) => sanctionAppealStep(deps.members, caller, item, { action, note: decision.note }, now),
  );
  return sanctionOf(deps, memberId, sanctionId);
}
