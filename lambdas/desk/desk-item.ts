/**
 * The desk's rules, pure: which published content needs a staff reaction and by when, what a
 * reaction or a close leaves behind, and how each transition moves the desk's counters.
 */
import type { DeskItem, DeskResponse, ResponsePolicy } from '../api/desk-schemas';
import type { Post } from '../api/schemas';
import { type Caller, isStaff } from '../domain/caller';
import type { ItemGuard, Lease } from '../domain/leased-queue';
import type { BacklogChange } from '../moderation/stats';
import { dueHourOf, dueMinuteOf, waitBucketOf } from '../moderation/stats';
import type { CloseReason, DeskAuditAction, DeskKind, DeskStatus, ResponderRole, ResponseVia } from './model';
import { dueAtOf } from './response-clock';

/** A stored desk item: what the API shows, less what depends on the time of asking. */
export type DeskRecord = Omit<DeskItem, 'overdue'>;

/** A write of a desk item: its next state, its guard, and the state it replaces (null: new), from which the counters' changes follow. */
export interface DeskWrite {
  readonly next: DeskRecord;
  readonly guard: ItemGuard;
  readonly previous: DeskRecord | null;
  /** The step's audit entries, written in the same transaction (a claim that takes over a lapsed lease logs the lapse first). */
  readonly audits?: readonly DeskAuditEntry[];
}

/** One step on a desk item, as its audit records it (read by community and time: the ledger's handle times). */
export interface DeskAuditEntry {
  readonly auditId: string;
  readonly itemId: string;
  readonly postId: string;
  readonly communityId: string;
  readonly kind: DeskKind;
  /** When the step happened; a lapsed lease is logged at its expiry. */
  readonly at: string;
  readonly actorId: string;
  readonly action: DeskAuditAction;
  /** respond: how (official comment, accepted answer, brand reply); otherwise null. */
  readonly via: ResponseVia | null;
  /** close: the reason code; otherwise null. */
  readonly reasonCode: string | null;
  readonly statusBefore: DeskStatus;
  readonly statusAfter: DeskStatus;
}

/**
 * The audit entries of a step from `previous` to `next` by `actorId` at `at`. A lease that had run out
 * before the step ended without anyone acting, and nobody noticed until now: it is logged first, at
 * its expiry, in its holder's name (the moderation queue's rule), so the holder's task has an end.
 */
export function deskStepAudits(
  previous: DeskRecord,
  next: DeskRecord,
  step: { readonly action: DeskAuditAction; readonly actorId: string; readonly at: Date; readonly newId: () => string },
): DeskAuditEntry[] {
  const base = { itemId: previous.itemId, postId: previous.postId, communityId: previous.communityId, kind: previous.kind };
  const lapsed =
    previous.lease && Date.parse(previous.lease.expiresAt) <= step.at.getTime()
      ? [
          {
            ...base,
            auditId: step.newId(),
            at: previous.lease.expiresAt,
            actorId: previous.lease.holder,
            action: 'lease-expired' as const,
            via: null,
            reasonCode: null,
            statusBefore: previous.status,
            statusAfter: previous.status,
          },
        ]
      : [];
  const reacted = next.response && !previous.response ? next.response : null;
  return [
    ...lapsed,
    {
      ...base,
      auditId: step.newId(),
      at: step.at.toISOString(),
      actorId: step.actorId,
      action: step.action,
      via: step.action === 'respond' ? (reacted?.via ?? null) : null,
      reasonCode: step.action === 'close' ? (reacted?.reasonCode ?? null) : null,
      statusBefore: previous.status,
      statusAfter: next.status,
    },
  ];
}

export const deskItemIdOf = (postId: string): string => `desk-${postId}`;

const TITLE_LENGTH = 200;

/** The hours a published post gets for a staff reaction under `policy`, or null when it needs none. */
export function hoursFor(post: Pick<Post, 'kind' | 'rating'>, policy: ResponsePolicy): number | null {
  switch (post.kind) {
    case 'question':
      return policy.question?.withinHours ?? null;
    case 'idea':
      return policy.idea?.withinHours ?? null;
    case 'review':
      return policy.review && (post.rating ?? 5) <= policy.review.maxRating ? policy.review.withinHours : null;
    default:
      return null;
  }
}

/** The desk item a post enters with when it is published (`at`), or null when the policy asks no reaction to it. */
export function entering(post: Post, policy: ResponsePolicy | undefined, at: Date): DeskRecord | null {
  if (!policy || post.status !== 'published') return null;
  const hours = hoursFor(post, policy);
  if (hours === null) return null;
  return {
    itemId: deskItemIdOf(post.postId),
    communityId: post.communityId,
    postId: post.postId,
    kind: post.kind as DeskKind,
    rating: post.rating ?? null,
    authorId: post.authorId,
    title: [...post.title].slice(0, TITLE_LENGTH).join(''),
    status: 'open',
    enteredAt: at.toISOString(),
    dueAt: dueAtOf(at, hours, policy.businessHours).toISOString(),
    version: 1,
    lease: null,
    response: null,
  };
}

export const roleOf = (caller: Caller): ResponderRole =>
  caller.groups.has('retail-staff') ? 'retail-staff' : caller.groups.has('community-managers') ? 'community-manager' : 'author';

/** The item after its first staff reaction: out of the desk, with who, how, how long and whether it met its due time. */
export function reactedTo(
  item: DeskRecord,
  reaction: { readonly at: Date; readonly caller: Caller; readonly via: ResponseVia; readonly commentId?: string; readonly reasonCode?: CloseReason },
): DeskRecord {
  const response: DeskResponse = {
    at: reaction.at.toISOString(),
    by: reaction.caller.memberId,
    role: roleOf(reaction.caller),
    via: reaction.via,
    commentId: reaction.commentId ?? null,
    reasonCode: reaction.reasonCode ?? null,
    seconds: Math.max(0, Math.round((reaction.at.getTime() - Date.parse(item.enteredAt)) / 1000)),
    met: reaction.at.getTime() <= Date.parse(item.dueAt),
  };
  return { ...item, status: reaction.via === 'close' ? 'closed' : 'responded', lease: null, response, version: item.version + 1 };
}

export const isOverdue = (item: Pick<DeskRecord, 'status' | 'dueAt'>, now: Date): boolean => item.status === 'open' && Date.parse(item.dueAt) < now.getTime();

export const presentDesk = (item: DeskRecord, now: Date): DeskItem => ({ ...item, overdue: isOverdue(item, now) });

/** Staff work the desk; a question's author may also accept an answer, which answers it. */
export const mayWorkDesk = (caller: Caller): boolean => isStaff(caller);

export const withLease = (item: DeskRecord, lease: Lease | null): DeskRecord => ({ ...item, lease });

/** Most overdue first: the earliest due time, then the id. The claim indexes sort by it. */
export const deskUrgencyOf = (item: Pick<DeskRecord, 'dueAt' | 'itemId'>): string => `${item.dueAt}#${item.itemId}`;

export const byDeskUrgency = (a: DeskRecord, b: DeskRecord): number => {
  const [x, y] = [deskUrgencyOf(a), deskUrgencyOf(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

// ---------------------------------------------------------------------------------------------
// Counters

/**
 * What a transition changes in the community's desk counters: the open backlog (total and by
 * kind) and the open items' due hours and minutes (the moderation queue's technique: overdue is
 * the backlog less what is not yet due), plus, on the first reaction, the day's and the hour's
 * response summaries.
 */
export interface DeskChange extends BacklogChange {
  readonly response?: {
    readonly day: string;
    readonly hour: string;
    readonly kind: DeskKind;
    readonly met: boolean;
    /** The wait's histogram bucket (lower bound, seconds): exact under a minute, then 5 % wide. */
    readonly bucket: number;
  };
}

function addTo(target: Record<string, number>, name: string, by: number): void {
  const value = (target[name] ?? 0) + by;
  if (value === 0) delete target[name];
  else target[name] = value;
}

function contribute(change: DeskChange, item: DeskRecord | null, sign: 1 | -1): void {
  if (item?.status !== 'open') return;
  addTo(change.counters, 'total', sign);
  addTo(change.counters, `kind:${item.kind}`, sign);
  addTo(change.dueHours, dueHourOf(item.dueAt), sign);
  addTo(change.dueMinutes, dueMinuteOf(item.dueAt), sign);
}

export function deskChange(previous: DeskRecord | null, next: DeskRecord): DeskChange {
  const base = { counters: {}, dueHours: {}, dueMinutes: {} };
  contribute(base, previous, -1);
  contribute(base, next, 1);
  const first = next.response && !previous?.response ? next.response : null;
  return first
    ? {
        ...base,
        response: { day: first.at.slice(0, 10), hour: first.at.slice(0, 13), kind: next.kind, met: first.met, bucket: waitBucketOf(first.seconds) },
      }
    : base;
}
