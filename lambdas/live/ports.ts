/**
 * What the rest of Chorus needs to push to members' open sockets, as plain TypeScript. The API
 * Gateway Management API adapter implements it (one implementation in AWS and locally: the local
 * runtime serves the same Management API); tests pass anything that does.
 */
import type { Group } from '../domain/caller';

/** A new inbox entry, pushed as it is written, with the recipient's unread count after it. */
export interface NotificationFrame {
  readonly type: 'notification';
  /** The notification as `GET /v1/me/notifications` lists it (the inbox owns its shape). */
  readonly notification: Readonly<Record<string, unknown>>;
  readonly unreadCount: number;
}

/** The recipient's unread count changed without a new entry (read marks, another device). */
export interface UnreadCountFrame {
  readonly type: 'unread-count';
  readonly unreadCount: number;
}

/** The moderation queue's open counts, pushed to moderators when they change. */
export interface ModerationQueueFrame {
  readonly type: 'moderation-queue';
  /** Open items in the queue (pending, claimed, escalated). */
  readonly total: number;
  /** Open items only senior moderators may decide (escalated). */
  readonly senior: number;
  /** Open items by priority. */
  readonly byPriority: Readonly<Record<string, number>>;
  /** When the counts were read, ISO 8601. */
  readonly at: string;
}

/** The staff response desk's counts (the response-desk issue fills this in). */
export interface DeskFrame {
  readonly type: 'desk';
  readonly counts: Readonly<Record<string, number>>;
  readonly at: string;
}

/** Every frame a live socket can receive; `type` tells them apart. New types are added, never changed. */
export type LiveFrame = NotificationFrame | UnreadCountFrame | ModerationQueueFrame | DeskFrame;

export interface LivePush {
  /** Sends the frame to every open connection of the member; connections found gone are forgotten. Never throws for a gone connection. */
  toMember(memberId: string, frame: LiveFrame): Promise<void>;
  /** Sends the frame to every open connection of a member in the group (moderators, staff), as of connect time. */
  toGroup(group: Group, frame: LiveFrame): Promise<void>;
}
