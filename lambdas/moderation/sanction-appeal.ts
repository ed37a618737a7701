/**
 * A sanction appeal as a moderation queue item (kind `sanction-appeal`, id sanction-<sanctionId>):
 * what the item holds, and what deciding it does to the sanction. The queue's rules hold as for a
 * post's appeal: someone other than the moderator who issued the sanction decides it (`rejectedBy`),
 * a ban's appeal is in the senior queue (lifting a ban is for senior moderators), and the decision,
 * its audit entry and the sanction's change are one transaction (the queue's plan).
 */
import type { Decision, Priority } from '../api/moderation-schemas';
import type { Caller } from '../domain/caller';
import { ConflictError, ForbiddenError } from '../domain/errors';
import type { MemberStore, Sanction, SanctionAppeal } from '../members/ports';
import type { SanctionKind } from '../members/standing';
import type { ModerationPlan } from './plan';
import { dueAt, excerptOf, newQueueItem, type QueueItem } from './queue';

export const sanctionAppealItemId = (sanctionId: string): string => `sanction-${sanctionId}`;

/**
 * How urgent an appeal is, by what the sanction takes away: a suspension or a ban locks the member
 * out of everything but their account, a silence out of contributing; a warning restricts nothing.
 */
const PRIORITY: Readonly<Record<SanctionKind, Priority>> = { ban: 'high', suspend: 'high', silence: 'medium', warn: 'low' };

/** The open queue item of a member's appeal of `sanction`, with their text as its excerpt. */
export function sanctionAppealItem(
  sanction: Sanction,
  text: string,
  communityId: string | null,
  turnaroundMinutes: Readonly<Record<Priority, number>>,
  now: string,
): QueueItem {
  const priority = PRIORITY[sanction.kind];
  const senior = sanction.kind === 'ban';
  return {
    ...newQueueItem(
      {
        itemId: sanctionAppealItemId(sanction.sanctionId),
        kind: 'sanction-appeal',
        communityId,
        postId: null,
        commentId: null,
        postKind: null,
        authorId: sanction.memberId,
        excerpt: excerptOf(text),
      },
      now,
    ),
    // Only a senior moderator may lift a ban, so its appeal starts in the senior queue.
    queue: senior ? 'senior' : 'standard',
    status: senior ? 'escalated' : 'pending',
    priority,
    // Why it is here: the sanction's reason (never an empty map: DynamoDB Local's stream records drop an empty map's type).
    reasons: { [sanction.reasonCode]: 1 },
    appealText: text,
    rejectedBy: sanction.issuedBy,
    sanction: {
      sanctionId: sanction.sanctionId,
      memberId: sanction.memberId,
      kind: sanction.kind,
      reasonCode: sanction.reasonCode,
      until: sanction.until,
      issuedBy: sanction.issuedBy,
    },
    dueAt: dueAt(now, priority, { turnaroundMinutes }),
    version: 1,
  };
}

/** The member's appeal as the sanction keeps it (what they see on GET /v1/me/sanctions). */
export const openAppeal = (itemId: string, text: string, at: string): SanctionAppeal => ({
  itemId,
  text,
  at,
  status: 'open',
  decidedBy: null,
  decidedAt: null,
  note: null,
});

/**
 * What a decision on a sanction appeal does to its sanction: approve lifts it (and takes it out of
 * the member's active sanctions), reject upholds it, escalate leaves it open. Read here, conditioned
 * in the transaction: a sanction lifted or decided meanwhile refuses the decision.
 */
export async function sanctionAppealStep(
  members: MemberStore,
  caller: Caller,
  item: QueueItem,
  decision: Pick<Decision, 'action' | 'note'>,
  now: Date,
): Promise<Pick<ModerationPlan, 'sanction'>> {
  if (decision.action !== 'approve' && decision.action !== 'reject') return {};
  const { memberId, sanctionId } = item.sanction!;
  const sanction = await members.getSanction(memberId, sanctionId);
  // Erased with its member: the appeal is decided for the record, with nothing left to lift or uphold.
  if (!sanction) return {};
  if (sanction.appeal?.status !== 'open') throw new ConflictError(`the appeal of sanction ${sanctionId} is no longer open`);
  if (decision.action === 'approve' && sanction.kind === 'ban' && !caller.groups.has('senior-moderators')) {
    throw new ForbiddenError('lifting a ban is for senior-moderators');
  }
  const at = now.toISOString();
  const note = decision.note ?? null;
  const decided = (status: SanctionAppeal['status']): SanctionAppeal => ({ ...sanction.appeal!, status, decidedBy: caller.memberId, decidedAt: at, note });
  if (decision.action === 'reject') return { sanction: { op: 'uphold', memberId, sanctionId, appeal: decided('upheld') } };
  // A warning, or a period pruned since it ended, is not among the active sanctions: only the sanction changes.
  const active = (await members.getState(memberId, { consistent: true }))?.sanctions[sanctionId] !== undefined;
  return { sanction: { op: 'lift', memberId, sanctionId, lifted: { at, by: caller.memberId, note }, appeal: decided('lifted'), active } };
}
