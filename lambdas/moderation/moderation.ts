/**
 * The moderators' work: claim the most urgent item, hold it under a lease, decide with a reason,
 * in bulk too; the queue's stats and its audit log. A decision, its audit entry and the content's
 * status change commit together (one transaction) or not at all.
 */
import type { Decision, ItemStatus, ModerationPolicy, ModerationStats } from '../api/moderation-schemas';
import type { Comment, Post } from '../api/schemas';
import { isCommunityManager, isModerator, type Caller } from '../domain/caller';
import { checkSanction, sanctionMember } from '../members/sanctions';
import type { MemberStore } from '../members/ports';
import { sanctionAppealStep } from './sanction-appeal';
import { newId } from '../domain/clock';
import { ChorusError, ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../domain/errors';
import type { ChorusDeps, Page, PageRequest, QueueFilters } from '../domain/ports';
import type { AuditWrite, ModerationPlan } from './plan';
import { enteringOnApproval } from '../desk/desk';
import { claimFirst, leaseFor } from '../domain/leased-queue';
import { allowedActions, auditEntry, decided, hasLiveLease, holdsLease, mayDecide, mayWork, present, type QueueItem } from './queue';
import { dueHourOf, LAST_DUE_DAYS_AHEAD, statsFromCounters, windowDaysOf } from './stats';
import { withModeration } from './screen-content';
import { DEFAULT_POLICY } from './screening';

type Deps = ChorusDeps;
/** What working an item needs when the decision touches no content (leases; sanction appeals). */
export type QueueDeps = Pick<ChorusDeps, 'moderation' | 'clock' | 'members'>;

export function requireModerator(caller: Caller): void {
  if (!isModerator(caller)) throw new ForbiddenError('the moderation queue is for the moderators and senior-moderators groups');
}

const audit = (deps: QueueDeps, item: QueueItem, entry: AuditWrite['entry'], waitedSeconds?: number): AuditWrite => ({
  entry,
  auditId: newId(deps.clock),
  target: { communityId: item.communityId, postId: item.postId },
  ...(waitedSeconds !== undefined ? { waitedSeconds } : {}),
});

const APPEAL_TO_ANOTHER =
  'an appeal is decided by a different moderator than the one who rejected the content or issued the sanction: leave it to another moderator';

async function itemFor(deps: QueueDeps, caller: Caller, itemId: string): Promise<QueueItem> {
  const item = await deps.moderation.getQueueItem(itemId);
  if (!item) throw new NotFoundError(`moderation item ${itemId} does not exist`);
  if (!mayWork(item, caller)) throw new ForbiddenError(`item ${itemId} is in the senior queue: senior-moderators only`);
  return item;
}

// ---------------------------------------------------------------------------------------------
// Claiming and leases

/**
 * Leases the most urgent free item: senior moderators take the senior queue first. Answers null
 * when nothing is free. Concurrent claims race on a conditional write; the loser tries the next.
 */
export async function claimNext(deps: Deps, caller: Caller, queue?: 'standard' | 'senior', communityId?: string) {
  requireModerator(caller);
  const senior = caller.groups.has('senior-moderators');
  if (queue === 'senior' && !senior) throw new ForbiddenError('the senior queue is for senior-moderators');
  const statuses: ('pending' | 'escalated')[] = queue === 'senior' ? ['escalated'] : queue === 'standard' || !senior ? ['pending'] : ['escalated', 'pending'];
  for (const status of statuses) {
    const now = deps.clock();
    const at = now.toISOString();
    const claimed = await claimFirst(
      deps.moderation.claimCandidates(status, at, communityId),
      // An appeal goes to anyone but the moderator who rejected the content: they pass it by.
      (candidate) => mayDecide(candidate, caller),
      async (candidate) => {
        const next: QueueItem = { ...candidate, lease: leaseFor(caller, now) };
        const outcome = await deps.moderation.commit({
          item: { next, guard: { kind: 'claimable', version: candidate.version, now: at }, previous: candidate },
          audits: claimAudits(deps, candidate, caller, at),
        });
        return outcome.ok ? present(next, caller, now) : null;
      },
    );
    if (claimed) return claimed;
  }
  return null;
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
function claimAudits(deps: QueueDeps, item: QueueItem, caller: Caller, at: string): AuditWrite[] {
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

// ---------------------------------------------------------------------------------------------
// Decisions

export async function decide(deps: Deps, caller: Caller, itemId: string, decision: Decision) {
  return decideWith(deps, caller, itemId, decision, async (item, now) => {
    if (item.kind === 'sanction-appeal') return sanctionAppealStep(requireMembers(deps), caller, item, decision, now);
    const change = await contentChange(deps, caller, item, decision, now.toISOString());
    // A post published by this decision enters the response desk now, if its policy asks a reaction (never while it was held).
    const desk = change.post?.after.status === 'published' ? await enteringOnApproval(deps, change.post.after, now) : undefined;
    return { ...change, ...(desk ? { desk } : {}) };
  });
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
  const waited = Math.max(0, Math.round((now.getTime() - Date.parse(item.createdAt)) / 1000));
  const plan: ModerationPlan = {
    item: { next, guard: { kind: 'leased', holder: caller.memberId, version: item.version, now: at }, previous: item },
    ...(await effects(item, now)),
    audits: [audit(deps, item, auditEntry(item, next.status, caller.memberId, decision.action, at, record.reasonCode, record.note), waited)],
  };
  await commitOrConflict(deps, item, plan);
  if (decision.sanction) await sanctionAuthor(deps, caller, item, decision.sanction);
  return present(next, caller, now);
}

function requireMembers(deps: QueueDeps): MemberStore {
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

const POST_STATUS_AFTER: Partial<Record<Decision['action'], Post['status']>> = {
  approve: 'published',
  reject: 'rejected',
  'request-changes': 'changes-requested',
};

/** What the decision does to the content: approve publishes, reject hides, escalate leaves it. */
async function contentChange(deps: Deps, caller: Caller, item: QueueItem, decision: Decision, at: string): Promise<Pick<ModerationPlan, 'post' | 'comment'>> {
  const note = { reasonCode: decision.reasonCode ?? null, rule: item.rule };
  if (item.postId === null) return {};
  if (item.kind === 'comment') {
    const comment = await deps.comments.getComment(item.postId, item.commentId!);
    const status: Comment['status'] | undefined = decision.action === 'approve' ? 'published' : decision.action === 'reject' ? 'rejected' : undefined;
    if (!comment || comment.deleted || !status || status === comment.status) return {};
    const after = withModeration({ ...comment, status }, status === 'published' ? undefined : note);
    return { comment: { before: comment, after, changedBy: caller.memberId, at } };
  }
  const post = await deps.posts.getPost(item.postId);
  // An appeal rejected leaves the rejection standing; approved, it publishes.
  const status = item.kind === 'appeal' ? (decision.action === 'approve' ? 'published' : undefined) : POST_STATUS_AFTER[decision.action];
  if (!post || post.status === 'deleted' || !status || status === post.status) return {};
  const after = withModeration({ ...post, status, version: post.version + 1, updatedAt: at }, status === 'published' ? undefined : note);
  return { post: { before: post, after, changedBy: caller.memberId } };
}

/** Each decision on its own: one failing never stops the others, and is answered with its error. */
export async function decideMany(deps: Deps, caller: Caller, decisions: readonly (Decision & { itemId: string })[]) {
  requireModerator(caller);
  const results = await Promise.all(
    decisions.map(async ({ itemId, ...decision }) => {
      try {
        return { itemId, item: await decide(deps, caller, itemId, decision) };
      } catch (error) {
        if (error instanceof ChorusError) return { itemId, error };
        throw error;
      }
    }),
  );
  return { results };
}

// ---------------------------------------------------------------------------------------------
// Reading the queue

export async function listItems(deps: Deps, caller: Caller, status: ItemStatus, filters: QueueFilters, page: PageRequest) {
  requireModerator(caller);
  // Open senior items are exactly the escalated ones: the status (the index partition) is the queue.
  if (status === 'escalated' && !caller.groups.has('senior-moderators'))
    throw new ForbiddenError('escalated items are in the senior queue: senior-moderators only');
  const items = await deps.moderation.listQueueItems(status, filters, page);
  const now = deps.clock();
  return { items: items.items.map((i) => present(i, caller, now)), nextCursor: items.nextCursor };
}

export async function getItem(deps: Deps, caller: Caller, itemId: string) {
  requireModerator(caller);
  return present(await itemFor(deps, caller, itemId), caller, deps.clock());
}

/**
 * Backlog, oldest waiting, past due, decisions and time to decision, from counters the item
 * transitions keep: the same few reads at any backlog.
 */
export async function moderationStats(deps: Deps, caller: Caller, windowDays: number): Promise<ModerationStats> {
  requireModerator(caller);
  const now = deps.clock();
  const lastDueDay = new Date(now.getTime() + LAST_DUE_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
  const counters = await deps.moderation.statsCounters({ hour: dueHourOf(now.toISOString()), lastDueDay, days: windowDaysOf(now, windowDays) });
  return statsFromCounters(counters, now, windowDays);
}

export async function auditLog(
  deps: Deps,
  caller: Caller,
  query: { itemId?: string | undefined; moderatorId?: string | undefined },
  page: PageRequest,
): Promise<Page<unknown>> {
  requireModerator(caller);
  return query.itemId ? deps.moderation.auditOfItem(query.itemId, page) : deps.moderation.auditOfModerator(query.moderatorId!, page);
}

// ---------------------------------------------------------------------------------------------
// Policies

export async function getModerationPolicy(deps: Deps, caller: Caller, communityId: string): Promise<ModerationPolicy> {
  if (!isCommunityManager(caller) && !isModerator(caller)) throw new ForbiddenError('moderation policies are for community managers and moderators');
  if (!(await deps.communities.getCommunity(communityId))) throw new NotFoundError(`community ${communityId} does not exist`);
  return (await deps.moderation.getPolicy(communityId)) ?? DEFAULT_POLICY;
}

export async function putModerationPolicy(deps: Deps, caller: Caller, communityId: string, policy: ModerationPolicy): Promise<ModerationPolicy> {
  if (!isCommunityManager(caller)) throw new ForbiddenError('changing a moderation policy needs the community-managers group');
  await deps.moderation.putPolicy(communityId, policy);
  return policy;
}
