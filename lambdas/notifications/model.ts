/**
 * The notifications vocabulary: what a member can follow, the notification types, what an inbox
 * entry is, and a member's preferences. The wire schemas (lambdas/api/notification-schemas.ts) build
 * their enums from these lists, never the other way round.
 */

/** What a member can follow. An idea is a post of kind `idea`; following it as `idea` or `post` is the same audience for its status. */
export const FOLLOW_TARGET_TYPES = ['post', 'product', 'community', 'idea'] as const;
export type FollowTargetType = (typeof FOLLOW_TARGET_TYPES)[number];

export interface FollowTarget {
  readonly targetType: FollowTargetType;
  readonly targetId: string;
}

/**
 * Why a member follows: they said so, they wrote the post or commented on it, or they followed an idea
 * that was merged into this one (they can unfollow either way).
 */
export const FOLLOW_REASONS = ['explicit', 'author', 'commenter', 'merged'] as const;
export type FollowReason = (typeof FOLLOW_REASONS)[number];

export interface Follow extends FollowTarget {
  readonly memberId: string;
  readonly followedAt: string;
  readonly reason: FollowReason;
}

/**
 * Every notification type. The rules that produce each (lambdas/notifications/rules.ts) are keyed by
 * these; a member's preferences are per type. Add new ones at the end; never rename one (entries and
 * preferences keep the name for 90 days and forever).
 */
export const NOTIFICATION_TYPES = [
  'comment.reply',
  'answer.on-your-question',
  'comment.on-your-post',
  'comment.on-followed-post',
  'answer.accepted',
  'brand-reply.on-your-review',
  'idea.status-changed',
  'content.held',
  'content.approved',
  'content.rejected',
  'content.changes-requested',
  'product.new-post',
  'community.new-post',
  'idea.merged',
  'member.sanctioned',
  'member.sanction-lifted',
  'member.appeal-decided',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** What a notification is about: the ids an app needs to open it. */
export interface NotificationTarget {
  readonly communityId: string | null;
  readonly postId: string | null;
  readonly commentId: string | null;
  readonly productId: string | null;
}

/** One inbox entry, as the member reads it. */
export interface Notification {
  /** Sortable (newest last by id), deterministic from the cause: the same cause never makes two. */
  readonly notificationId: string;
  readonly type: NotificationType;
  readonly occurredAt: string;
  readonly target: NotificationTarget;
  /** Short, server-rendered; never the text of hidden content, never who moderated. */
  readonly summary: string;
  /** A reason code (rejections, holds), or null. */
  readonly reasonCode: string | null;
  /** The moderator's note to the author (changes requested), or null. */
  readonly note: string | null;
  /** A notice about the member's own sanction: which, what kind, until when (null: a warning, or a ban). Never who issued it. */
  readonly sanction: SanctionNotice | null;
  readonly read: boolean;
}

export interface SanctionNotice {
  readonly sanctionId: string;
  readonly kind: string;
  readonly until: string | null;
}

/** How long an entry stays in the inbox. */
export const NOTIFICATION_TTL_DAYS = 90;

/** Per type: shown in the inbox, pushed live. An e-mail digest would be one more channel here. */
export interface ChannelPreferences {
  readonly inApp: boolean;
  readonly live: boolean;
}

export interface NotificationPreferences {
  readonly types: Readonly<Record<NotificationType, ChannelPreferences>>;
  /** Posts the member hears nothing about. */
  readonly mutedPostIds: readonly string[];
  /** Members whose actions never notify this member. */
  readonly mutedMemberIds: readonly string[];
}

/** At most this many muted posts and muted members each: the preferences stay one small item. */
export const MAX_MUTED = 200;

export const DEFAULT_CHANNELS: ChannelPreferences = { inApp: true, live: true };

export const defaultPreferences = (): NotificationPreferences => ({
  types: Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, DEFAULT_CHANNELS])) as Record<NotificationType, ChannelPreferences>,
  mutedPostIds: [],
  mutedMemberIds: [],
});

/** Stored preferences over the defaults: a type added after they were saved starts on. */
export const withDefaults = (stored: Partial<NotificationPreferences> | undefined): NotificationPreferences => {
  const defaults = defaultPreferences();
  if (!stored) return defaults;
  return {
    types: { ...defaults.types, ...(stored.types ?? {}) },
    mutedPostIds: stored.mutedPostIds ?? [],
    mutedMemberIds: stored.mutedMemberIds ?? [],
  };
};
