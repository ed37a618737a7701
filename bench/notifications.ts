/**
 * The notifications group's benchmark entries: follows, the inbox and its preferences, every one a
 * member's own. Inboxes and follows are written through the runtime's own item builders
 * (store/entities/notification.ts, follow.ts) with the fixtures' uninstrumented client, so they look
 * exactly like what the notifier and the handlers write and never count towards a route's figures.
 */
import type { NotificationType } from '../lambdas/notifications/model';
import type { NewNotification } from '../lambdas/notifications/ports';
import { followItem } from '../lambdas/store/entities/follow';
import { addNotificationItems } from '../lambdas/store/entities/notification';
import { type BenchData, member, members as twins, type RouteBench } from './routes';

/** A member whose inbox holds INBOX_ENTRIES unread entries and who follows FOLLOWS products. */
const READER = 'bench-inbox-reader';
const INBOX_ENTRIES = 25;
const FOLLOWS = 25;

/** An entry as the notifier writes one for a reply on the bench's post: ~0.4 KB with its summary. */
function entry(d: BenchData, n: number, type: NotificationType = 'comment.reply'): NewNotification {
  const occurredAt = new Date(Date.now() - (INBOX_ENTRIES - n) * 60_000).toISOString();
  return {
    notificationId: `${Date.parse(occurredAt).toString(36).padStart(9, '0')}-bench${String(n).padStart(17, '0')}`,
    type,
    occurredAt,
    target: { communityId: d.communityId, postId: d.post.postId, commentId: null, productId: null },
    summary: 'bench-commenter-7 replied to your comment on "Warm enough for a night at minus five? Honest field notes."',
    reasonCode: null,
    note: null,
    sanction: null,
    expiresAt: Math.floor(Date.now() / 1000) + 90 * 86_400,
    causedBy: 'bench-commenter-7',
  };
}

/** The reader's inbox and follows, written once before the measurements. */
export async function writeNotificationData(d: BenchData): Promise<void> {
  for (let n = 0; n < INBOX_ENTRIES; n++) await d.fx.transact(addNotificationItems(d.fx.table, READER, entry(d, n)));
  await d.fx.batchWriteItems(
    Array.from({ length: FOLLOWS }, (_, n) =>
      followItem({ memberId: READER, targetType: 'product', targetId: `SKU-BENCH-F${n}`, followedAt: new Date().toISOString(), reason: 'explicit' }),
    ),
    2,
  );
}

export function notificationRoutes(d: BenchData): RouteBench[] {
  const followed = { targetType: 'post' as const, targetId: d.post.postId };
  return [
    {
      name: 'follow a post',
      operationId: 'follow',
      status: 200,
      budget: {
        read: 0.5,
        write: 2,
        reason:
          "the post's status and kind, projected, eventually consistent (0.5): only a published post can be followed; the follow item of ~0.3 KB (1) and its byFollowedTarget entry (1), which the notifier's fan-out reads",
      },
      prepare: async (i) => {
        const m = twins('follower', i);
        return { pathParameters: followed, caller: member(m.a), twins: { [m.a]: m.b } };
      },
    },
    {
      name: 'unfollow a post',
      operationId: 'unfollow',
      status: 200,
      budget: {
        read: 0,
        write: 2,
        reason: 'the follow item rewritten as unfollowed, ~0.3 KB (1), which takes it out of byFollowedTarget (1); no read: an unfollow is idempotent',
      },
      prepare: async (i) => {
        const m = twins('unfollower', i);
        const at = new Date().toISOString();
        await d.fx.batchWriteItems(
          [m.a, m.b].map((memberId) => followItem({ memberId, ...followed, followedAt: at, reason: 'explicit' })),
          1,
        );
        return { pathParameters: followed, caller: member(m.a), twins: { [m.a]: m.b } };
      },
    },
    {
      name: 'what I follow, page of 20',
      operationId: 'listFollows',
      status: 200,
      budget: { read: 1, write: 0, reason: "one Query of the member's FOLLOWS# partition, 20 follows of ~0.25 KB, 5 KB in 4 KB steps, eventually consistent" },
      prepare: async () => ({ query: 'limit=20', caller: member(READER) }),
    },
    {
      name: 'notifications, page of 20',
      operationId: 'listNotifications',
      status: 200,
      budget: { read: 1.5, write: 0, reason: "one Query of the member's inbox partition, 20 entries of ~0.5 KB, 10 KB in 4 KB steps, eventually consistent" },
      prepare: async () => ({ query: 'limit=20', caller: member(READER) }),
    },
    {
      name: 'unread count',
      operationId: 'getUnreadCount',
      status: 200,
      budget: { read: 0.5, write: 0, reason: "the inbox's unread counter, one eventually consistent read: what every app's badge polls" },
      prepare: async () => ({ caller: member(READER) }),
    },
    {
      name: 'mark a notification read',
      operationId: 'markNotificationsRead',
      status: 200,
      budget: {
        read: 0.5,
        write: 6,
        reason:
          "transaction 2x, so that of two devices marking one entry only one counts it down: the unread copy deleted on the condition it is still there (2), the entry's readAt (2), the unread counter ADD -1 (2); the new count, eventually consistent (0.5)",
      },
      prepare: async (i) => {
        const m = twins('inbox', i);
        const one = entry(d, 0);
        for (const memberId of [m.a, m.b]) await d.fx.transact(addNotificationItems(d.fx.table, memberId, one));
        return { body: { ids: [one.notificationId] }, caller: member(m.a), twins: { [m.a]: m.b } };
      },
      check: (body) => {
        if (body.marked !== 1) throw new Error(`expected one entry marked read, got ${JSON.stringify(body)}`);
      },
    },
    {
      name: 'notification preferences',
      operationId: 'getNotificationPreferences',
      status: 200,
      budget: { read: 0.5, write: 0, reason: "the member's preferences item, eventually consistent (0.5); defaults when there is none" },
      prepare: async () => ({ caller: member(READER) }),
    },
    {
      name: 'change notification preferences',
      operationId: 'putNotificationPreferences',
      status: 200,
      budget: {
        read: 0.5,
        write: 1,
        reason: 'the stored preferences (0.5): the types not named keep their setting; the preferences item put, under 1 KB (1)',
      },
      prepare: async (i) => {
        const m = twins('preferrer', i);
        return {
          body: { types: { 'comment.reply': { inApp: true, live: false } }, mutedPostIds: [d.post.postId] },
          caller: member(m.a),
          twins: { [m.a]: m.b },
        };
      },
    },
  ];
}
