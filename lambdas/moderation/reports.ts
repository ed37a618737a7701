/**
 * Member reports and author appeals. Reports on one target accumulate on one queue item; past the
 * community's threshold the content is hidden until a moderator decides. Reporters stay anonymous
 * to the reported author: the item keeps reasons, counts and texts, never who wrote them.
 */
import type { NewAppeal, NewReport } from '../api/moderation-schemas';
import type { Comment, Post } from '../api/schemas';
import type { Caller } from '../domain/caller';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../domain/errors';
import { createOnce, type MarkerOf, type RequestKey } from '../domain/once';
import { enforceReportLimit } from '../domain/rate-limit';
import { getPost } from '../posts/posts';
import type { ModerationDeps } from './moderation';
import type { ModerationPlan } from './plan';
import { reachesThreshold, reportWeightOf } from './report-weight';
import { addReason, dueAt, excerptOf, isOpen, newQueueItem, priorityOf, type QueueItem } from './queue';
import { itemIdOf, policyOf } from './screen-content';

const MAX_REPORT_TEXTS = 20;
/** Concurrent reports on one target race on the item's version; each retry re-reads it. */
const MAX_ATTEMPTS = 4;

type Target = { readonly kind: 'post'; readonly post: Post } | { readonly kind: 'comment'; readonly post: Post; readonly comment: Comment };

export interface ReportReceipt {
  readonly itemId: string;
  readonly reasonCode: NewReport['reasonCode'];
  readonly reportedAt: string;
}

/** Reads here may be eventually consistent: the write's own conditions see the current post. */
const EVENTUAL = { eventual: true } as const;

/** Reports a post; with a request key, once per key (a repeat answers with the first receipt). */
export const reportPost = (deps: ModerationDeps, caller: Caller, postId: string, input: NewReport, requestKey?: RequestKey): Promise<ReportReceipt> =>
  createOnce(deps, caller.memberId, requestKey, async (markerOf) => {
    const post = await getPost(deps, caller, postId, EVENTUAL);
    return report(deps, caller, { kind: 'post', post }, input, markerOf);
  });

/** Reports a comment; with a request key, once per key (a repeat answers with the first receipt). */
export const reportComment = (
  deps: ModerationDeps,
  caller: Caller,
  postId: string,
  commentId: string,
  input: NewReport,
  requestKey?: RequestKey,
): Promise<ReportReceipt> =>
  createOnce(deps, caller.memberId, requestKey, async (markerOf) => {
    const post = await getPost(deps, caller, postId, EVENTUAL);
    const comment = await deps.comments.getComment(postId, commentId);
    if (!comment || comment.deleted || (comment.status !== 'published' && comment.authorId !== caller.memberId)) {
      throw new NotFoundError(`comment ${commentId} does not exist on post ${postId}`);
    }
    return report(deps, caller, { kind: 'comment', post, comment }, input, markerOf);
  });

async function report(deps: ModerationDeps, caller: Caller, target: Target, input: NewReport, markerOf: MarkerOf<ReportReceipt>): Promise<ReportReceipt> {
  const content = target.kind === 'post' ? target.post : target.comment;
  if (content.authorId === caller.memberId) throw new UnprocessableError('you cannot report your own content; edit or delete it instead');
  if (content.status !== 'published') throw new ConflictError(`this ${target.kind} is already ${content.status} and with the moderators`);
  await enforceReportLimit(deps, caller);
  // One eventually consistent read of the reporter's record in the community (0.5 RRU), beside the policy's.
  const [policy, standing] = await Promise.all([
    policyOf(deps, target.post.communityId),
    deps.moderation.reporterStanding(caller.memberId, target.post.communityId),
  ]);
  const weight = reportWeightOf(standing, policy, deps.clock(), caller.standing);
  const itemId = itemIdOf({ kind: target.kind, postId: target.post.postId, commentId: target.kind === 'comment' ? target.comment.commentId : null });

  for (let attempt = 1; ; attempt++) {
    const now = deps.clock().toISOString();
    const existing = await deps.moderation.getQueueItem(itemId);
    const next = reportedItem(existing, target, itemId, input, weight, now, policy);
    const hide = reachesThreshold(next.reportWeightPercent, policy);
    const plan: ModerationPlan = {
      item: { next, guard: existing ? { kind: 'version', version: existing.version } : { kind: 'new' }, previous: existing ?? null },
      report: {
        itemId,
        postId: target.post.postId,
        communityId: target.post.communityId,
        memberId: caller.memberId,
        reasonCode: input.reasonCode,
        text: input.text ?? null,
        at: now,
      },
      ...(hide && target.kind === 'post'
        ? {
            post: {
              before: target.post,
              after: {
                ...target.post,
                status: 'held',
                moderation: { reasonCode: input.reasonCode, rule: thresholdRule(next) },
                version: target.post.version + 1,
                updatedAt: now,
              },
              // The threshold hides it, not a person (and never the reporters, who stay anonymous).
              changedBy: null,
            },
          }
        : {}),
      ...(hide && target.kind === 'comment'
        ? {
            comment: {
              before: target.comment,
              after: { ...target.comment, status: 'held', moderation: { reasonCode: input.reasonCode, rule: thresholdRule(next) } },
              changedBy: null,
              at: now,
            },
          }
        : {}),
    };
    const receipt: ReportReceipt = { itemId, reasonCode: input.reasonCode, reportedAt: now };
    const outcome = await deps.moderation.commit(plan, markerOf(itemId, receipt));
    if (outcome.ok) return receipt;
    if (outcome.failed === 'report') throw new ConflictError(`you have already reported this ${target.kind}; one report per member is counted`);
    if (attempt >= MAX_ATTEMPTS) throw new ConflictError(`this ${target.kind} is changing right now; send the report again`);
    if (outcome.failed === 'post' || outcome.failed === 'comment') {
      // The content changed (edited, hidden by another report): report against its current state.
      target = await reread(deps, target);
    }
  }
}

async function reread(deps: ModerationDeps, target: Target): Promise<Target> {
  const post = await deps.posts.getPost(target.post.postId);
  if (!post) throw new NotFoundError(`post ${target.post.postId} does not exist`);
  if (target.kind === 'post') return { kind: 'post', post };
  const comment = await deps.comments.getComment(target.post.postId, target.comment.commentId);
  if (!comment) throw new NotFoundError(`comment ${target.comment.commentId} does not exist`);
  return { kind: 'comment', post, comment };
}

function reportedItem(
  existing: QueueItem | undefined,
  target: Target,
  itemId: string,
  input: NewReport,
  weightPercent: number,
  now: string,
  policy: Parameters<typeof priorityOf>[2],
): QueueItem {
  const content = target.kind === 'post' ? target.post : target.comment;
  const text = target.kind === 'post' ? `${target.post.title}\n${target.post.body}` : target.comment.body;
  const base: QueueItem =
    existing ??
    newQueueItem(
      {
        itemId,
        kind: target.kind,
        communityId: target.post.communityId,
        postId: target.post.postId,
        commentId: target.kind === 'comment' ? target.comment.commentId : null,
        postKind: target.post.kind,
        authorId: content.authorId,
        excerpt: excerptOf(text),
      },
      now,
    );
  const reopen = !isOpen(base.status);
  const reasons = addReason(base.reasons, input.reasonCode);
  const reportCount = base.reportCount + 1;
  const reportWeightPercent = base.reportWeightPercent + weightPercent;
  const priority = priorityOf(reasons, { reportCount, reportWeightPercent }, policy);
  const createdAt = reopen ? now : base.createdAt;
  return {
    ...base,
    status: reopen ? 'pending' : base.status,
    queue: reopen ? 'standard' : base.queue,
    excerpt: excerptOf(text),
    reasons,
    reportCount,
    reportWeightPercent,
    reportTexts: input.text ? [...base.reportTexts, input.text].slice(-MAX_REPORT_TEXTS) : base.reportTexts,
    priority,
    createdAt,
    dueAt: dueAt(createdAt, priority, policy),
    version: base.version + 1,
    lease: reopen ? null : base.lease,
  };
}

/** The rule moderators see on hidden content: how many reports, and what they weighed (in percent). */
const thresholdRule = (item: QueueItem): string => `report-threshold:${item.reportCount}:${item.reportWeightPercent}%`;

/** The author of rejected content may appeal once; someone other than the rejecting moderator decides. */
export const appealPost = (deps: ModerationDeps, caller: Caller, postId: string, input: NewAppeal, requestKey?: RequestKey): Promise<QueueItem> =>
  createOnce(deps, caller.memberId, requestKey, (markerOf) => appeal(deps, caller, postId, input, markerOf));

async function appeal(deps: ModerationDeps, caller: Caller, postId: string, input: NewAppeal, markerOf: MarkerOf<QueueItem>): Promise<QueueItem> {
  // A rejected post does not change until a moderator approves the appeal.
  const post = await getPost(deps, caller, postId, EVENTUAL);
  if (post.authorId !== caller.memberId) throw new ForbiddenError('only the author can appeal a decision on their post');
  if (post.status !== 'rejected') throw new ConflictError(`post ${postId} is ${post.status}; only rejected posts can be appealed`);
  const policy = await policyOf(deps, post.communityId);
  const original = await deps.moderation.getQueueItem(itemIdOf({ kind: 'post', postId, commentId: null }));
  const rejectedBy = original?.lastDecision?.action === 'reject' ? original.lastDecision.moderatorId : 'screening';
  const now = deps.clock().toISOString();
  const item: QueueItem = {
    ...newQueueItem(
      {
        itemId: `appeal-${postId}`,
        kind: 'appeal',
        communityId: post.communityId,
        postId,
        commentId: null,
        postKind: post.kind,
        authorId: post.authorId,
        excerpt: excerptOf(`${post.title}\n${post.body}`),
      },
      now,
    ),
    priority: 'medium',
    rule: post.moderation?.rule ?? null,
    reasons: post.moderation?.reasonCode ? { [post.moderation.reasonCode]: 1 } : {},
    appealText: input.text,
    rejectedBy,
    dueAt: dueAt(now, 'medium', policy),
    version: 1,
  };
  const outcome = await deps.moderation.commit({ item: { next: item, guard: { kind: 'new' }, previous: null } }, markerOf(item.itemId, item));
  if (!outcome.ok) throw new ConflictError(`post ${postId} has already been appealed; each decision can be appealed once`);
  return item;
}
