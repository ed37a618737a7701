/**
 * The moderators' work: claim the most urgent item, hold it under a lease, decide with a reason,
 * in bulk too; the queue's stats and its audit log. A decision, its audit entry and the content's
 * status change commit together (one transaction) or not at all.
 */
import type { Decision, ItemStatus, ModerationPolicy, ModerationStats } from '../api/moderation-schemas';
import type { Comment, Post } from '../api/schemas';
import { isCommunityManager, isModerator, type Caller } from '../domain/caller';
import { sanctionAppealStep } from './sanction-appeal';
import { ChorusError, ForbiddenError, NotFoundError } from '../domain/errors';
import type { ChorusDeps, CommentStore, CommunityStore, Page, PageRequest, PostStore, QueueFilters } from '../domain/ports';
import type { ModerationPlan } from './plan';
import { enteringOnApproval } from '../desk/desk';
import { claimFirst, leaseFor } from '../domain/leased-queue';
import { mayDecide, present, type QueueItem } from './queue';
import { claimAudits, decideWith, itemFor, requireMembers, requireModerator } from './work';
import { dueHourOf, LAST_DUE_DAYS_AHEAD, statsFromCounters, windowDaysOf } from './stats';
import { withModeration } from './screen-content';
import { DEFAULT_POLICY } from './screening';

/**
 * What the moderation group's use cases (the queue, decisions, reports and appeals) use: the queue's
 * store, the desk (a held post's approval enters it), members (a decision may sanction), rate windows and
 * create markers (reports), and content they only look up: posts, comments and communities are read,
 * never written here (a decision's content change commits with the queue's plan).
 */
export type ModerationDeps = Pick<ChorusDeps, 'moderation' | 'desk' | 'rateLimiter' | 'requests' | 'clock' | 'members'> & {
  readonly communities: Pick<CommunityStore, 'getCommunity'>;
  readonly posts: Pick<PostStore, 'getPost'>;
  readonly comments: Pick<CommentStore, 'getComment'>;
};
type Deps = ModerationDeps;

export { decideWith, leaseItem, releaseLease, requireModerator, type QueueDeps } from './work';

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
