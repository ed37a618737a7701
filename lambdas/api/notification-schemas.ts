/** The notifications group's request and response schemas: follows, the inbox, preferences. */
import * as z from 'zod/mini';
import { SANCTION_KINDS } from '../members/standing';
import { FOLLOW_REASONS, FOLLOW_TARGET_TYPES, MAX_MUTED, NOTIFICATION_TYPES } from '../notifications/model';
import { CommunityId, cursor, MemberId, orNull, page, pageLimit, ProductId, Ulid } from './common-schemas';

/** Adds a description to a schema, as the document states it. */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { description });
  return schema;
};

export const FollowTargetType = z.enum(FOLLOW_TARGET_TYPES).register(z.globalRegistry, { id: 'FollowTargetType' });
export const NotificationType = z.enum(NOTIFICATION_TYPES).register(z.globalRegistry, { id: 'NotificationType' });

/** A post or idea id (a ULID), a product SKU or a community id: the SKU's shape admits all three. */
const FollowTargetId = described(
  z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'targetId must be 1-64 letters, digits, dots, dashes or underscores (a post id, a SKU, a community id)'),
    ),
  'a post or idea id (ULID), a product SKU or a community id',
);

export const FollowParams = z.strictObject({ targetType: FollowTargetType, targetId: FollowTargetId });

export const FollowState = z
  .object({ targetType: FollowTargetType, targetId: z.string(), following: z.boolean() })
  .register(z.globalRegistry, { id: 'FollowState' });

export const Follow = z
  .object({
    targetType: FollowTargetType,
    targetId: z.string(),
    followedAt: z.iso.datetime(),
    reason: described(z.enum(FOLLOW_REASONS), 'you followed it, or you wrote the post, or you commented on it'),
  })
  .register(z.globalRegistry, { id: 'Follow' });
export const FollowPage = page(Follow, 'FollowPage');

export const NotificationsQuery = z.strictObject({
  limit: pageLimit,
  cursor,
  unread: described(z.optional(z.enum(['true', 'false'])), 'true: unread notifications only'),
});

export const Notification = z
  .object({
    notificationId: z.string(),
    type: NotificationType,
    occurredAt: z.iso.datetime(),
    target: z.object({ communityId: orNull(CommunityId), postId: orNull(Ulid), commentId: orNull(Ulid), productId: orNull(ProductId) }),
    summary: described(z.string(), 'short, rendered by the server; never the text of hidden content, never who moderated'),
    reasonCode: described(z.nullable(z.string()), 'why content was held or rejected (a reason code)'),
    note: described(z.nullable(z.string()), "the moderator's note when changes were requested"),
    sanction: described(
      z.nullable(z.object({ sanctionId: Ulid, kind: z.enum(SANCTION_KINDS), until: z.nullable(z.iso.datetime()) })),
      'a notice about your own sanction (member.*): which, what kind, until when (null: a warning, or a ban); never who issued it',
    ),
    read: z.boolean(),
  })
  .register(z.globalRegistry, { id: 'Notification' });
export const NotificationPage = page(Notification, 'NotificationPage');

export const UnreadCount = z.object({ unreadCount: z.int().check(z.minimum(0)) }).register(z.globalRegistry, { id: 'UnreadCount' });

export const MAX_READ_IDS = 100;
export const ReadRequest = z
  .union([
    z.strictObject({
      ids: described(
        z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(MAX_READ_IDS)),
        `1-${MAX_READ_IDS} notification ids`,
      ),
    }),
    z.strictObject({ upTo: described(z.iso.datetime({ offset: true }), 'every notification that occurred at or before this time') }),
  ])
  .register(z.globalRegistry, { id: 'ReadRequest' });
export const ReadResult = z
  .object({ marked: z.int().check(z.minimum(0)), unreadCount: z.int().check(z.minimum(0)) })
  .register(z.globalRegistry, { id: 'ReadResult' });

const Channels = z.strictObject({ inApp: described(z.boolean(), 'kept in the inbox'), live: described(z.boolean(), 'pushed to open live connections') });
const MutedPosts = z.array(Ulid).check(z.maxLength(MAX_MUTED));
const MutedMembers = z.array(MemberId).check(z.maxLength(MAX_MUTED));

export const NotificationPreferences = z
  .object({ types: z.record(NotificationType, Channels), mutedPostIds: MutedPosts, mutedMemberIds: MutedMembers })
  .register(z.globalRegistry, { id: 'NotificationPreferences' });

export const PreferencesUpdate = z
  .strictObject({
    types: described(z.optional(z.partialRecord(NotificationType, Channels)), 'the types to change; the others keep their setting'),
    mutedPostIds: described(z.optional(MutedPosts), 'replaces the muted posts'),
    mutedMemberIds: described(z.optional(MutedMembers), 'replaces the muted members'),
  })
  .register(z.globalRegistry, { id: 'PreferencesUpdate' });
