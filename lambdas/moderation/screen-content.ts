/**
 * Screening at every create and edit: gathers the facts the rules need, asks `screen`, and says
 * what to write with the content (a queue item for held content, the records later rules read).
 */
import { createHash } from 'node:crypto';
import type { ModerationPolicy } from '../api/moderation-schemas';
import type { ModerationNote, PostKind } from '../api/schemas';
import type { ChorusDeps, ScreeningWrites } from '../domain/ports';
import { trustLevelOf, type MemberState } from '../members/standing';
import { contentFingerprint, DEFAULT_POLICY, screen, type Verdict } from './screening';
import { addReason, dueAt, excerptOf, newQueueItem, type QueueItem } from './queue';

const FINGERPRINT_SECONDS = 24 * 60 * 60;

export interface ScreenedTarget {
  readonly kind: 'post' | 'comment';
  readonly communityId: string;
  readonly postId: string;
  readonly commentId: string | null;
  readonly postKind: PostKind | null;
  readonly authorId: string;
  readonly text: string;
  /** The author's state as the request's sanction check read it: a trusted author skips the new-member review. */
  readonly authorStanding?: Pick<MemberState, 'firstSeenAt' | 'approvedContributions'> | undefined;
}

export interface ScreeningOutcome {
  readonly verdict: Verdict;
  /** The status the content gets. */
  readonly status: 'published' | 'held' | 'rejected';
  readonly moderation: ModerationNote | undefined;
  readonly writes: ScreeningWrites;
}

/** The content with this moderation note, or without any when published content carries none. */
export function withModeration<T extends { readonly moderation?: ModerationNote }>(content: T, note: ModerationNote | undefined): T {
  const { moderation: _previous, ...rest } = content;
  return (note ? { ...rest, moderation: note } : rest) as T;
}

export const itemIdOf = (target: Pick<ScreenedTarget, 'kind' | 'postId' | 'commentId'>): string =>
  target.kind === 'post' ? `post-${target.postId}` : `comment-${target.commentId}`;

export async function policyOf(deps: Pick<ChorusDeps, 'moderation'>, communityId: string): Promise<ModerationPolicy> {
  return (await deps.moderation.getPolicy(communityId)) ?? DEFAULT_POLICY;
}

export async function screenContent(
  deps: Pick<ChorusDeps, 'moderation' | 'clock'>,
  target: ScreenedTarget,
  options: {
    readonly isNew: boolean;
    /** The community's policy when the caller has already read the community (saves a read). */
    readonly policy?: ModerationPolicy | undefined;
  },
): Promise<ScreeningOutcome> {
  const policy = options.policy ?? (await policyOf(deps, target.communityId));
  const now = deps.clock();
  const hash = createHash('sha256').update(contentFingerprint(target.text)).digest('hex');
  const [authorPostCount, repeated] = await Promise.all([
    target.kind === 'post' && policy.newMemberReviewCount > 0 && options.isNew && trustLevelOf(target.authorStanding, policy.trustLevels, now) !== 'trusted'
      ? deps.moderation.memberPostCount(target.authorId, target.communityId)
      : Promise.resolve(Number.MAX_SAFE_INTEGER),
    policy.holdRepeatedContent && options.isNew ? deps.moderation.hasFingerprint(target.authorId, hash, now) : Promise.resolve(false),
  ]);
  const verdict = screen({ kind: target.kind, text: target.text, authorPostCount, repeated }, policy);
  const writes: { -readonly [K in keyof ScreeningWrites]: ScreeningWrites[K] } = {};
  if (policy.holdRepeatedContent && options.isNew) {
    writes.fingerprint = { memberId: target.authorId, hash, expiresAt: Math.floor(now.getTime() / 1000) + FINGERPRINT_SECONDS };
  }
  if (target.kind === 'post' && options.isNew) writes.countAuthorPost = true;
  if (verdict.action === 'publish') {
    // Published at once: one more approved contribution towards the author's trust.
    if (options.isNew) writes.countApproved = true;
    return { verdict, status: 'published', moderation: undefined, writes };
  }

  const moderation = { reasonCode: verdict.reason, rule: verdict.rule };
  if (verdict.action === 'reject') return { verdict, status: 'rejected', moderation, writes };

  const existing = options.isNew ? undefined : await deps.moderation.getQueueItem(itemIdOf(target));
  writes.item = {
    next: heldItem(target, verdict, policy, now.toISOString(), existing),
    guard: existing ? { kind: 'version', version: existing.version } : { kind: 'new' },
    previous: existing ?? null,
  };
  return { verdict, status: 'held', moderation, writes };
}

/** The queue item of held content its author edited: the new excerpt, a new version. */
export async function revisedItem(deps: Pick<ChorusDeps, 'moderation'>, target: ScreenedTarget): Promise<ScreeningWrites> {
  const item = await deps.moderation.getQueueItem(itemIdOf(target));
  if (!item) return {};
  return {
    item: { next: { ...item, excerpt: excerptOf(target.text), version: item.version + 1 }, guard: { kind: 'version', version: item.version }, previous: item },
  };
}

/** The queue item for content screening held: new, or the target's item reopened. */
function heldItem(
  target: ScreenedTarget,
  verdict: Exclude<Verdict, { action: 'publish' }>,
  policy: ModerationPolicy,
  now: string,
  existing: QueueItem | undefined,
): QueueItem {
  const base: QueueItem =
    existing ??
    newQueueItem(
      {
        itemId: itemIdOf(target),
        kind: target.kind,
        communityId: target.communityId,
        postId: target.postId,
        commentId: target.commentId,
        postKind: target.postKind,
        authorId: target.authorId,
        excerpt: '',
      },
      now,
    );
  const reopened = existing !== undefined && existing.status !== 'pending' && existing.status !== 'escalated';
  const createdAt = reopened ? now : base.createdAt;
  return {
    ...base,
    status: base.status === 'escalated' ? 'escalated' : 'pending',
    queue: base.status === 'escalated' ? 'senior' : 'standard',
    priority: verdict.priority,
    excerpt: excerptOf(target.text),
    rule: verdict.rule,
    reasons: addReason(base.reasons, verdict.reason),
    createdAt,
    dueAt: dueAt(createdAt, verdict.priority, policy),
    version: base.version + 1,
    lease: reopened ? null : base.lease,
  };
}
