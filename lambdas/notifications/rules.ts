/**
 * Which domain events notify whom, and what the notification says: one entry per notification type.
 * Adding a type (brand-reply.on-your-review, member.sanctioned ...) is one entry
 * here, its name in NOTIFICATION_TYPES (model.ts), and its event types in the notifications queue's
 * filter (messaging-design.ts; a unit test keeps the two equal).
 *
 * Order matters: for one event, the first rule that writes a cause to a member wins (entries are
 * keyed by member and cause), so the most specific rules come first (a reply to your comment on your
 * own question is a reply, not also an answer).
 */
import type { FollowTarget, NotificationTarget, NotificationType, SanctionNotice } from './model';
import type { AudienceSource, CommentFacts, NotifierEvent, PostFacts } from './ports';

/** What a rule judges: the event, and the content it names as it is now. */
export interface EventFacts {
  readonly event: NotifierEvent;
  readonly post?: PostFacts | undefined;
  readonly comment?: CommentFacts | undefined;
  /** The comment replied to. */
  readonly parent?: CommentFacts | undefined;
  /** The moderator's note of the last decision on the post (changes requested). */
  readonly decisionNote?: string | null | undefined;
  /** The public note of the idea's status change (its timeline entry). */
  readonly timelineNote?: string | null | undefined;
  /** The idea an idea was merged into. */
  readonly mergedInto?: PostFacts | undefined;
}

/** Who hears of it: members named directly, and followers of targets (read in bounded pages). */
export interface Audience {
  readonly members?: readonly (string | null | undefined)[];
  readonly followersOf?: readonly FollowTarget[];
  /** Ideas whose voters hear of it (read in bounded pages, like followers). */
  readonly votersOf?: readonly string[];
}

export interface NotificationRule {
  /** The domain events (event_type) this rule reads. */
  readonly on: readonly string[];
  /**
   * `everyone`: the content must be visible to everyone now (a published post, and a published,
   * undeleted comment when the event names one), or nobody hears of it. `author`: the recipient is
   * the content's author, who always sees their own content. `recipient`: a notice about the
   * recipient's own account (a sanction), about no content; no preference or mute silences it.
   */
  readonly visibleTo: 'everyone' | 'author' | 'recipient';
  readonly applies: (facts: EventFacts) => boolean;
  /** The same for every delivery of the same happening: a member gets one entry per cause. */
  readonly cause: (facts: EventFacts) => string;
  readonly audience: (facts: EventFacts) => Audience;
  readonly summary: (facts: EventFacts) => string;
  readonly reasonCode?: (facts: EventFacts) => string | null;
  readonly note?: (facts: EventFacts) => string | null;
  /** A sanction notice: which sanction, its kind and end. */
  readonly sanction?: (facts: EventFacts) => SanctionNotice | null;
  /** Needs the moderator's note (one more read). */
  readonly needsDecisionNote?: boolean;
  /** Needs the note of the idea's status change (one more read). */
  readonly needsTimelineNote?: boolean;
  /**
   * The followers this rule pages through also start following this target (unless they unfollowed
   * it, or follow it already): what a merge does for the followers of the merged idea.
   */
  readonly carryFollowsTo?: (facts: EventFacts) => FollowTarget | undefined;
  /**
   * The actor is a moderator, whom the notification never names, and whom the member's mutes do not
   * silence (a member cannot mute the outcome of their own moderation).
   */
  readonly fromModeration?: boolean;
}

const TITLE_CHARS = 60;
/** A title cut to a summary's length, at a character (never inside a surrogate pair). */
const quoted = (title: string | undefined): string => {
  const chars = [...(title ?? '').trim()];
  return `“${chars.length > TITLE_CHARS ? `${chars.slice(0, TITLE_CHARS - 1).join('')}…` : chars.join('')}”`;
};

const str = (data: Readonly<Record<string, unknown>>, field: string): string | null => (typeof data[field] === 'string' ? (data[field] as string) : null);

const isPublishedComment = (f: EventFacts) =>
  (f.event.type === 'comment.created' && str(f.event.data, 'status') === 'published') || f.event.type === 'comment.published';
const commentCause = (f: EventFacts) => `comment:${str(f.event.data, 'comment_id')}`;
const commenter = (f: EventFacts) => f.comment?.authorName ?? 'A member';

/** A post became visible to everyone for the first time, or again: created published, or published after review. */
const postWentPublic = (f: EventFacts) =>
  (f.event.type === 'post.created' && str(f.event.data, 'status') === 'published') ||
  (f.event.type === 'post.published' && str(f.event.data, 'status_before') !== 'published');

/** The content a moderation event is about: a comment when it names one, else the post. */
const moderatedContent = (f: EventFacts) => (str(f.event.data, 'comment_id') ? 'comment' : 'post');
const authorOfModerated = (f: EventFacts) => (moderatedContent(f) === 'comment' ? f.comment?.authorId : f.post?.authorId);
const yourContent = (f: EventFacts) => (moderatedContent(f) === 'comment' ? 'Your comment' : `Your ${f.post?.kind ?? 'post'} ${quoted(f.post?.title)}`);
const newStatus = (f: EventFacts) => str(f.event.data, 'status');
const reason = (f: EventFacts) => str(f.event.data, 'reason');
const moderationCause = (f: EventFacts) => `moderation:${f.event.eventId}`;
const reasonText = (f: EventFacts) => (reason(f) ? ` (${reason(f)})` : '');
/** An idea's followers: as an idea, and as a post (its author and commenters). */
const ideaFollowers = (postId: string | null): FollowTarget[] => [
  { targetType: 'idea', targetId: postId ?? '' },
  { targetType: 'post', targetId: postId ?? '' },
];

/** The sanctioned member (the event's actor is the moderator, whom the notice never names). */
const sanctioned = (f: EventFacts) => ({ members: [str(f.event.data, 'member_id')] });
const sanctionOf = (f: EventFacts): SanctionNotice | null => {
  const sanctionId = str(f.event.data, 'sanction_id');
  const kind = str(f.event.data, 'kind');
  return sanctionId && kind ? { sanctionId, kind, until: str(f.event.data, 'until') } : null;
};
const SANCTION_NAMES: Readonly<Record<string, string>> = { warn: 'warning', silence: 'silence', suspend: 'suspension', ban: 'ban' };
const sanctionName = (f: EventFacts) => SANCTION_NAMES[str(f.event.data, 'kind') ?? ''] ?? 'sanction';
const untilText = (f: EventFacts) => (str(f.event.data, 'until') ? ` until ${str(f.event.data, 'until')}` : '');

/** What a sanction means for the member, as the notice says it. */
function sanctionSummary(f: EventFacts): string {
  switch (str(f.event.data, 'kind')) {
    case 'warn':
      return `You received a warning${reasonText(f)}. Nothing is restricted; further breaches may lead to a silence or a suspension`;
    case 'silence':
      return `You are silenced${untilText(f)}${reasonText(f)}: you may read, but not post, comment, react, vote or report`;
    case 'suspend':
      return `Your account is suspended${untilText(f)}${reasonText(f)}: only your own account stays open`;
    case 'ban':
      return `Your account is banned${reasonText(f)}: only your own account stays open`;
    default:
      return `You received a sanction${reasonText(f)}`;
  }
}

export const NOTIFICATION_RULES: Readonly<Record<NotificationType, NotificationRule>> = {
  'comment.reply': {
    on: ['comment.created', 'comment.published'],
    visibleTo: 'everyone',
    applies: (f) => isPublishedComment(f) && f.parent !== undefined,
    cause: commentCause,
    audience: (f) => ({ members: [f.parent?.authorId] }),
    summary: (f) => `${commenter(f)} replied to your comment on ${quoted(f.post?.title)}`,
  },
  'answer.on-your-question': {
    on: ['comment.created', 'comment.published'],
    visibleTo: 'everyone',
    applies: (f) => isPublishedComment(f) && f.post?.kind === 'question' && f.comment?.depth === 0,
    cause: commentCause,
    audience: (f) => ({ members: [f.post?.authorId] }),
    summary: (f) => `${commenter(f)} answered your question ${quoted(f.post?.title)}`,
  },
  'comment.on-your-post': {
    on: ['comment.created', 'comment.published'],
    visibleTo: 'everyone',
    applies: isPublishedComment,
    cause: commentCause,
    audience: (f) => ({ members: [f.post?.authorId] }),
    summary: (f) => `${commenter(f)} commented on your ${f.post?.kind ?? 'post'} ${quoted(f.post?.title)}`,
  },
  'comment.on-followed-post': {
    on: ['comment.created', 'comment.published'],
    visibleTo: 'everyone',
    applies: isPublishedComment,
    cause: commentCause,
    audience: (f) => ({ followersOf: [{ targetType: 'post', targetId: f.event.postId ?? '' }] }),
    summary: (f) => `${commenter(f)} commented on ${quoted(f.post?.title)}, which you follow`,
  },
  'answer.accepted': {
    on: ['answer.accepted'],
    visibleTo: 'everyone',
    applies: (f) => str(f.event.data, 'answer_author_id') !== null,
    cause: (f) => `accepted:${f.event.postId}:${str(f.event.data, 'comment_id')}`,
    audience: (f) => ({ members: [str(f.event.data, 'answer_author_id')] }),
    summary: (f) => `Your comment was accepted as the answer to ${quoted(f.post?.title)}`,
  },
  'brand-reply.on-your-review': {
    on: ['brand-reply.posted'],
    visibleTo: 'everyone',
    applies: (f) => f.post?.kind === 'review',
    cause: (f) => `brand-reply:${f.event.eventId}`,
    audience: (f) => ({ members: [f.post?.authorId] }),
    summary: (f) => `The brand replied to your review ${quoted(f.post?.title)}`,
  },
  'idea.status-changed': {
    on: ['idea.status-changed'],
    visibleTo: 'everyone',
    needsTimelineNote: true,
    // A merge is told once, by idea.merged; undoing one is a move like any other (merged → open).
    applies: (f) => str(f.event.data, 'to') !== 'merged',
    cause: (f) => `idea-status:${f.event.eventId}`,
    // Its author follows it as a post; members who follow the idea follow it as an idea; its voters back it.
    audience: (f) => ({ followersOf: ideaFollowers(f.event.postId), votersOf: [f.event.postId ?? ''] }),
    summary: (f) => `The idea ${quoted(f.post?.title)} moved from ${str(f.event.data, 'from') ?? 'open'} to ${str(f.event.data, 'to')}`,
    note: (f) => f.timelineNote ?? null,
  },
  'content.held': {
    on: ['post.unpublished', 'comment.unpublished'],
    visibleTo: 'author',
    fromModeration: true,
    applies: (f) => newStatus(f) === 'held',
    cause: moderationCause,
    audience: (f) => ({ members: [authorOfModerated(f)] }),
    summary: (f) => `${yourContent(f)} is held for review${reasonText(f)}`,
    reasonCode: reason,
  },
  'content.approved': {
    on: ['post.published', 'comment.published'],
    visibleTo: 'author',
    fromModeration: true,
    applies: (f) => ['held', 'changes-requested', 'rejected'].includes(str(f.event.data, 'status_before') ?? ''),
    cause: moderationCause,
    audience: (f) => ({ members: [authorOfModerated(f)] }),
    summary: (f) => `${yourContent(f)} was approved and is published`,
  },
  'content.rejected': {
    on: ['post.unpublished', 'comment.unpublished'],
    visibleTo: 'author',
    fromModeration: true,
    applies: (f) => newStatus(f) === 'rejected',
    cause: moderationCause,
    audience: (f) => ({ members: [authorOfModerated(f)] }),
    summary: (f) => `${yourContent(f)} was rejected${reasonText(f)}`,
    reasonCode: reason,
  },
  'content.changes-requested': {
    on: ['post.unpublished'],
    visibleTo: 'author',
    fromModeration: true,
    needsDecisionNote: true,
    applies: (f) => newStatus(f) === 'changes-requested',
    cause: moderationCause,
    audience: (f) => ({ members: [f.post?.authorId] }),
    summary: (f) => `${yourContent(f)} needs changes before it is published${reasonText(f)}`,
    reasonCode: reason,
    note: (f) => f.decisionNote ?? null,
  },
  'product.new-post': {
    on: ['post.created', 'post.published'],
    visibleTo: 'everyone',
    applies: postWentPublic,
    cause: (f) => `new-post:${f.event.postId}`,
    audience: (f) => ({ followersOf: (f.post?.productIds ?? []).map((targetId) => ({ targetType: 'product' as const, targetId })) }),
    summary: (f) => `New ${f.post?.kind ?? 'post'} about a product you follow: ${quoted(f.post?.title)}`,
  },
  'community.new-post': {
    on: ['post.created', 'post.published'],
    visibleTo: 'everyone',
    applies: postWentPublic,
    cause: (f) => `new-post:${f.event.postId}`,
    audience: (f) => ({ followersOf: f.post ? [{ targetType: 'community', targetId: f.post.communityId }] : [] }),
    summary: (f) => `New ${f.post?.kind ?? 'post'} in ${f.post?.communityId}: ${quoted(f.post?.title)}`,
  },
  'idea.merged': {
    on: ['idea.merged'],
    visibleTo: 'everyone',
    applies: (f) => f.mergedInto !== undefined,
    cause: (f) => `idea-merged:${f.event.eventId}`,
    audience: (f) => ({ followersOf: ideaFollowers(f.event.postId), votersOf: [f.event.postId ?? ''] }),
    summary: (f) => `The idea ${quoted(f.post?.title)} was merged into ${quoted(f.mergedInto?.title)}; votes for it count there`,
    carryFollowsTo: (f) => (f.mergedInto ? { targetType: 'idea', targetId: f.mergedInto.postId } : undefined),
  },
  // A warning is this notice and nothing more; a silence, a suspension or a ban say what they restrict and until when.
  'member.sanctioned': {
    on: ['member.sanctioned'],
    visibleTo: 'recipient',
    fromModeration: true,
    applies: () => true,
    cause: (f) => `sanction:${str(f.event.data, 'sanction_id')}`,
    audience: sanctioned,
    summary: sanctionSummary,
    reasonCode: reason,
    sanction: sanctionOf,
  },
  'member.sanction-lifted': {
    on: ['member.sanction-lifted'],
    visibleTo: 'recipient',
    fromModeration: true,
    applies: () => true,
    cause: (f) => `sanction-lifted:${str(f.event.data, 'sanction_id')}`,
    audience: sanctioned,
    summary: (f) =>
      str(f.event.data, 'appeal_outcome') === 'lifted'
        ? `Your appeal was accepted: your ${sanctionName(f)} is lifted`
        : `Your ${sanctionName(f)} was lifted early`,
    reasonCode: reason,
    sanction: sanctionOf,
  },
  'member.appeal-decided': {
    on: ['member.appeal-decided'],
    visibleTo: 'recipient',
    fromModeration: true,
    applies: (f) => str(f.event.data, 'appeal_outcome') === 'upheld',
    cause: (f) => `sanction-appeal:${str(f.event.data, 'sanction_id')}`,
    audience: sanctioned,
    summary: (f) => `Your appeal was reviewed by another moderator: your ${sanctionName(f)} stands${untilText(f)}`,
    reasonCode: reason,
    sanction: sanctionOf,
  },
};

/** Automatic follows: who starts following what when an event happens (they can unfollow). */
export const AUTO_FOLLOWS: Readonly<Record<string, (event: NotifierEvent) => { memberId: string | null; reason: 'author' | 'commenter' } | undefined>> = {
  'post.created': (event) => ({ memberId: event.actorId, reason: 'author' }),
  'comment.created': (event) => ({ memberId: event.actorId, reason: 'commenter' }),
};

/** Every domain event type the notifier reads: the notifications queue's subscription filter (messaging-design.ts) must equal this. */
export const notifierEventTypes = (): string[] =>
  [...new Set([...Object.values(NOTIFICATION_RULES).flatMap((rule) => rule.on), ...Object.keys(AUTO_FOLLOWS)])].sort();

/** The ids an app needs to open what the notification is about. */
export const targetOf = (f: EventFacts, type: NotificationType, source?: AudienceSource): NotificationTarget => ({
  communityId: f.post?.communityId ?? f.event.communityId,
  // A merged idea's readers are sent where its votes went.
  postId: type === 'idea.merged' ? (f.mergedInto?.postId ?? f.event.postId) : f.event.postId,
  commentId: str(f.event.data, 'comment_id'),
  productId: type === 'product.new-post' && source?.targetType === 'product' ? source.targetId : null,
});
