/**
 * The moderation queue's rules, pure: what an item is, how urgent, when due, who may do what with
 * it. Leases are the shared leased queue's (lambdas/domain/leased-queue.ts): data on the item with an
 * expiry, so an expired lease frees the item by itself.
 */
import type {
  AuditEntry,
  DecisionAction,
  DecisionRecord,
  ItemAction,
  ItemStatus,
  ModerationItem,
  ModerationPolicy,
  Priority,
  ReasonCode,
} from '../api/moderation-schemas';
import type { Caller } from '../domain/caller';
import { hasLiveLease, holdsLease } from '../domain/leased-queue';
import { DECISION_ACTIONS } from './decisions';
import { reachesThreshold } from './report-weight';

/** A stored queue item: what the API shows, less what depends on who is asking. */
export type QueueItem = Omit<ModerationItem, 'allowedActions'>;

export { LEASE_SECONDS, hasLiveLease, holdsLease } from '../domain/leased-queue';
export const EXCERPT_LENGTH = 500;

const PRIORITY_RANK: Record<Priority, number> = { high: 1, medium: 2, low: 3 };

/**
 * How urgent an open item is, as one string that sorts most urgent first: priority, then due time,
 * then id (a stable tie-break). The claim indexes are sorted by it and claim candidates read from two
 * of them are merged by it, so "most urgent" means the same thing in the table and in memory.
 */
export const urgencyOf = (item: Pick<QueueItem, 'priority' | 'dueAt' | 'itemId'>): string => `${PRIORITY_RANK[item.priority]}#${item.dueAt}#${item.itemId}`;

/** The start every urgency of one priority shares: open items of one priority are one key range. */
export const urgencyPrefixOf = (priority: Priority): string => `${PRIORITY_RANK[priority]}#`;

/** Most urgent first (for Array.prototype.sort). */
export const byUrgency = (a: QueueItem, b: QueueItem): number => {
  const [x, y] = [urgencyOf(a), urgencyOf(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

const SEVERE: readonly string[] = ['abuse', 'misinformation', 'blocked-term', 'personal-data'];
const NOTABLE: readonly string[] = ['spam', 'watched-term', 'too-many-links', 'repeated-content'];

/** High for severe reasons or reports weighing the community's threshold, medium for spam-like or several reports, else low. */
export function priorityOf(
  reasons: Readonly<Record<string, number>>,
  reports: Pick<QueueItem, 'reportCount' | 'reportWeightPercent'>,
  policy: ModerationPolicy,
): Priority {
  const { reportCount } = reports;
  const present = Object.keys(reasons).filter((r) => (reasons[r] ?? 0) > 0);
  if (present.some((r) => SEVERE.includes(r)) || reachesThreshold(reports.reportWeightPercent, policy)) return 'high';
  if (present.some((r) => NOTABLE.includes(r)) || reportCount > 1) return 'medium';
  return 'low';
}

/** Time to a decision by priority when no community policy says otherwise (the default policy's). */
export const DEFAULT_TURNAROUND_MINUTES: ModerationPolicy['turnaroundMinutes'] = { high: 60, medium: 240, low: 1440 };

export const dueAt = (createdAt: string, priority: Priority, policy: Pick<ModerationPolicy, 'turnaroundMinutes'>): string =>
  new Date(Date.parse(createdAt) + policy.turnaroundMinutes[priority] * 60_000).toISOString();

export const isOpen = (status: ItemStatus): boolean => status === 'pending' || status === 'escalated';

/** Escalated items are for senior moderators only; standard ones for any moderator. */
export const mayWork = (item: Pick<QueueItem, 'queue'>, caller: Caller): boolean =>
  item.queue === 'senior' ? caller.groups.has('senior-moderators') : caller.groups.has('moderators') || caller.groups.has('senior-moderators');

/** Appeals, of a rejected post or of a sanction: decided by someone other than the moderator who acted. */
export const isAppeal = (item: Pick<QueueItem, 'kind'>): boolean => item.kind === 'appeal' || item.kind === 'sanction-appeal';

/**
 * Whether `caller` may decide `item`, and so claim it: their queue, and never an appeal against
 * their own rejection or sanction (someone else decides that), so no lease blocks an item its holder cannot decide.
 */
export const mayDecide = (item: Pick<QueueItem, 'queue' | 'kind' | 'rejectedBy'>, caller: Caller): boolean =>
  mayWork(item, caller) && !(isAppeal(item) && item.rejectedBy === caller.memberId);

/** What `caller` may do with `item` now, so clients never re-implement the rules. */
export function allowedActions(item: QueueItem, caller: Caller, now: Date): ItemAction[] {
  if (!isOpen(item.status) || !mayWork(item, caller)) return [];
  // A lease taken before this rule existed can still be given back.
  if (!mayDecide(item, caller)) return holdsLease(item, caller, now) ? ['release-lease'] : [];
  if (!hasLiveLease(item, now)) return ['claim'];
  if (!holdsLease(item, caller, now)) return [];
  // Only a post can go back to its author for changes; escalating is for what is not yet senior.
  const decisions = DECISION_ACTIONS.filter((d) => (d !== 'request-changes' || item.kind === 'post') && (d !== 'escalate' || item.queue === 'standard'));
  return ['extend-lease', 'release-lease', ...decisions];
}

export const present = (item: QueueItem, caller: Caller, now: Date): ModerationItem => ({ ...item, allowedActions: allowedActions(item, caller, now) });

/** The item a decision leaves behind. */
export function decided(item: QueueItem, action: DecisionAction, record: DecisionRecord): QueueItem {
  const status: ItemStatus = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : action === 'escalate' ? 'escalated' : 'changes-requested';
  return {
    ...item,
    status,
    queue: action === 'escalate' ? 'senior' : item.queue,
    reasons: action === 'escalate' && record.reasonCode ? addReason(item.reasons, record.reasonCode) : item.reasons,
    lease: null,
    lastDecision: record,
    version: item.version + 1,
  };
}

export const addReason = (reasons: Readonly<Record<string, number>>, reason: ReasonCode): Record<string, number> => ({
  ...reasons,
  [reason]: (reasons[reason] ?? 0) + 1,
});

export const auditEntry = (
  item: Pick<QueueItem, 'itemId' | 'status'>,
  after: ItemStatus,
  actorId: string,
  action: AuditEntry['action'],
  at: string,
  reasonCode: ReasonCode | null = null,
  note: string | null = null,
): AuditEntry => ({ itemId: item.itemId, at, actorId, action, reasonCode, note, statusBefore: item.status, statusAfter: after });

/** What every new item starts from; callers set what they know and bump the version as they write. */
export const newQueueItem = (
  fields: Pick<QueueItem, 'itemId' | 'kind' | 'communityId' | 'postId' | 'commentId' | 'postKind' | 'authorId' | 'excerpt'>,
  now: string,
): QueueItem => ({
  ...fields,
  queue: 'standard',
  status: 'pending',
  priority: 'low',
  rule: null,
  reasons: {},
  reportCount: 0,
  reportWeightPercent: 0,
  reportTexts: [],
  appealText: null,
  rejectedBy: null,
  sanction: null,
  createdAt: now,
  dueAt: now,
  version: 0,
  lease: null,
  lastDecision: null,
});

export const excerptOf = (text: string): string => {
  const chars = [...text];
  return chars.length <= EXCERPT_LENGTH ? text : `${chars.slice(0, EXCERPT_LENGTH).join('')}…`;
};
