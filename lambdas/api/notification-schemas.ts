/** The notifications group's request and response schemas: follows, the inbox, preferences. */
import * as z from 'zod';
import { FOLLOW_TARGET_TYPES, MAX_MUTED, NOTIFICATION_TYPES } from '../notifications/model';
import { CommunityId, MemberId, orNull, page, pageLimit, ProductId, Ulid } from './common-schemas';

export const FollowTargetType = z.enum(FOLLOW_TARGET_TYPES).meta({ id: 'FollowTargetType' });
export const NotificationType = z.enum(NOTIFICATION_TYPES).meta({ id: 'NotificationType' });

/** A post or idea id (a ULID), a product SKU or a community id: the SKU's shape admits all three. */
const FollowTargetId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'targetId must be 1-64 letters, digits, dots, dashes or underscores (a post id, a SKU, a community id)')
  .describe('a post or idea id (ULID), a product SKU or a community id');

export const FollowParams = z.strictObject({ targetType: FollowTargetType, targetId: FollowTargetId });

export const FollowState = z.object({ targetType: FollowTargetType, targetId: z.string(), following: z.boolean() }).meta({ id: 'FollowState' });

export const Follow = z
  .object({
    targetType: FollowTargetType,
    targetId: z.string(),
    followedAt: z.iso.datetime(),
    reason: z.enum(['explicit', 'author', 'commenter']).describe('you followed it, or you wrote the post, or you commented on it'),
  })
  .meta({ id: 'Follow' });
export const FollowPage = page(Follow, 'FollowPage');

export const NotificationsQuery = z.strictObject({
  limit: pageLimit,
  cursor: z.string().max(2048).optional(),
  unread: z.enum(['true', 'false']).optional().describe('true: unread notifications only'),
});

export const Notification = z
  .object({
    notificationId: z.string(),
    type: NotificationType,
    occurredAt: z.iso.datetime(),
    target: z.object({
      communityId: orNull(CommunityId),
      postId: orNull(Ulid),
      commentId: orNull(Ulid),
      productId: orNull(ProductId),
    }),
    summary: z.string().describe('short, rendered by the server; never the text of hidden content, never who moderated'),
    reasonCode: z.string().nullable().describe('why content was held or rejected (a reason code)'),
    note: z.string().nullable().describe("the moderator's note when changes were requested"),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });
export const NotificationPage = page(Notification, 'NotificationPage');

export const UnreadCount = z.object({ unreadCount: z.int().min(0) }).meta({ id: 'UnreadCount' });

export const MAX_READ_IDS = 100;
export const ReadRequest = z
  .union([
    z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(MAX_READ_IDS).describe(`1-${MAX_READ_IDS} notification ids`) }),
    z.strictObject({ upTo: z.iso.datetime({ offset: true }).describe('every notification that occurred at or before this time') }),
  ])
  .meta({ id: 'ReadRequest' });
export const ReadResult = z.object({ marked: z.int().min(0), unreadCount: z.int().min(0) }).meta({ id: 'ReadResult' });

const Channels = z.strictObject({ inApp: z.boolean().describe('kept in the inbox'), live: z.boolean().describe('pushed to open live connections') });

export const NotificationPreferences = z
  .object({
    types: z.record(NotificationType, Channels),
    mutedPostIds: z.array(Ulid).max(MAX_MUTED),
    mutedMemberIds: z.array(MemberId).max(MAX_MUTED),
  })
  .meta({ id: 'NotificationPreferences' });

export const PreferencesUpdate = z
  .strictObject({
    types: z.partialRecord(NotificationType, Channels).optional().describe('the types to change; the others keep their setting'),
    mutedPostIds: z.array(Ulid).max(MAX_MUTED).optional().describe('replaces the muted posts'),
    mutedMemberIds: z.array(MemberId).max(MAX_MUTED).optional().describe('replaces the muted members'),
  })
  .meta({ id: 'PreferencesUpdate' });
