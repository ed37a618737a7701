/** A member's inbox: their notifications, the unread count, marking read, and their preferences. Always the caller's own. */
import { assertMayContribute, type Caller } from '../domain/caller';
import { BadRequestError } from '../domain/errors';
import type { PageRequest } from '../domain/ports';
import { type ChannelPreferences, MAX_MUTED, type NotificationPreferences, type NotificationType } from './model';
import type { InboxDeps, ReadRequest } from './ports';

export const listNotifications = (deps: InboxDeps, caller: Caller, unreadOnly: boolean, page: PageRequest) =>
  deps.inbox.list(caller.memberId, unreadOnly, page);

export const unreadCount = async (deps: InboxDeps, caller: Caller) => ({ unreadCount: await deps.inbox.unreadCount(caller.memberId) });

export async function markRead(deps: InboxDeps, caller: Caller, request: ReadRequest) {
  const now = deps.clock();
  if ('upTo' in request && Date.parse(request.upTo) > now.getTime() + 60_000) {
    throw new BadRequestError(`upTo must not be in the future, got ${request.upTo} (now ${now.toISOString()})`, [
      { field: 'body.upTo', message: 'a time up to now' },
    ]);
  }
  const marked = await deps.inbox.markRead(caller.memberId, request, now.toISOString());
  // The member's other devices hear the new count from the table's stream (the unread counter it lowered: lambdas/live/unread-counts.ts).
  return { marked, unreadCount: await deps.inbox.unreadCount(caller.memberId) };
}

export const getPreferences = (deps: InboxDeps, caller: Caller) => deps.inbox.preferences(caller.memberId);

/** What a member changes: the types named (the others keep their setting), and the mute lists given (replaced whole). */
export interface PreferencesUpdate {
  readonly types?: Readonly<Partial<Record<NotificationType, ChannelPreferences>>> | undefined;
  readonly mutedPostIds?: readonly string[] | undefined;
  readonly mutedMemberIds?: readonly string[] | undefined;
}

export async function savePreferences(deps: InboxDeps, caller: Caller, update: PreferencesUpdate): Promise<NotificationPreferences> {
  assertMayContribute(caller);
  const current = await deps.inbox.preferences(caller.memberId);
  const next: NotificationPreferences = {
    types: { ...current.types, ...Object.fromEntries(Object.entries(update.types ?? {}).filter(([, channels]) => channels !== undefined)) },
    mutedPostIds: [...new Set(update.mutedPostIds ?? current.mutedPostIds)],
    mutedMemberIds: [...new Set(update.mutedMemberIds ?? current.mutedMemberIds)],
  };
  for (const field of ['mutedPostIds', 'mutedMemberIds'] as const) {
    if (next[field].length > MAX_MUTED) {
      throw new BadRequestError(`${field} holds at most ${MAX_MUTED} ids, got ${next[field].length}`, [
        { field: `body.${field}`, message: `at most ${MAX_MUTED}` },
      ]);
    }
  }
  await deps.inbox.savePreferences(caller.memberId, next);
  return next;
}
