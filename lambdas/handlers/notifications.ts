import { notificationsRoutes } from '../api/routes/notifications';
import { notificationsRuntime } from '../composition/notifications';
import { ok } from '../http/responses';
import { httpHandler } from '../http/http-handler';
import { follow, listFollows, unfollow } from '../notifications/follows';
import { getPreferences, listNotifications, markRead, savePreferences, unreadCount } from '../notifications/inbox';

export const handler = httpHandler(notificationsRoutes, notificationsRuntime, {
  follow: async ({ caller, params }, deps) => ok(await follow(deps, caller, params)),
  unfollow: async ({ caller, params }, deps) => ok(await unfollow(deps, caller, params)),
  listFollows: async ({ caller, query }, deps) => ok(await listFollows(deps, caller, query)),
  listNotifications: async ({ caller, query }, deps) => ok(await listNotifications(deps, caller, query.unread === 'true', query)),
  getUnreadCount: async ({ caller }, deps) => ok(await unreadCount(deps, caller)),
  markNotificationsRead: async ({ caller, body }, deps) => ok(await markRead(deps, caller, body)),
  getNotificationPreferences: async ({ caller }, deps) => ok(await getPreferences(deps, caller)),
  putNotificationPreferences: async ({ caller, body }, deps) => ok(await savePreferences(deps, caller, body)),
});
