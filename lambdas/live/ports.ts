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
  /** When the counts were pushed, ISO 8601 (a later frame supersedes an earlier one). */
  readonly at: string;
}

/** The response desk's counts of one community, pushed to staff when they change. */
export interface DeskFrame {
  readonly type: 'desk';
  readonly communityId: string;
  /** `open`, `overdue` (as of `at`), and open items by kind (`question`, `review`, `idea`). */
  readonly counts: Readonly<Record<string, number>>;
  /** When the counts were pushed, ISO 8601 (a later frame of the same community supersedes an earlier one). */
  readonly at: string;
}

/** The answer to a client's `{"action":"ping"}` (keeps an idle socket open past API Gateway's 10-minute idle timeout). */
export interface PongFrame {
  readonly type: 'pong';
  readonly at: string;
}

/** The answer to a message the socket does not understand, saying what it accepts. */
export interface LiveErrorFrame {
  readonly type: 'error';
  readonly message: string;
}

/** Every frame a live socket can receive; `type` tells them apart. New types are added, never changed. */
export type LiveFrame = NotificationFrame | UnreadCountFrame | ModerationQueueFrame | DeskFrame | PongFrame | LiveErrorFrame;

export interface LivePush {
  /** Sends the frame to every open connection of the member; connections found gone are forgotten. Never throws for a gone connection. */
  toMember(memberId: string, frame: LiveFrame): Promise<void>;
  /** Sends the frame to every open connection of a member in the group (moderators, staff), as of connect time. */
  toGroup(group: Group, frame: LiveFrame): Promise<void>;
}

/** One open socket of a member, as the connections storage keeps it. */
export interface LiveConnection {
  /** API Gateway's connection id (the Management API addresses the socket by it). */
  readonly connectionId: string;
  readonly memberId: string;
  /** The member's groups when the socket opened (a group change shows on the next connect). */
  readonly groups: readonly Group[];
  /** ISO 8601. */
  readonly connectedAt: string;
}

/** Where open sockets are kept, by member and by group. */
export interface ConnectionStore {
  /** Remembers the socket under its member and each of its groups; idempotent. */
  add(connection: LiveConnection): Promise<void>;
  /** Forgets the socket everywhere it was kept; idempotent (a gone socket may be forgotten twice). */
  remove(connection: LiveConnection): Promise<void>;
  ofMember(memberId: string): Promise<readonly LiveConnection[]>;
  ofGroup(group: Group): Promise<readonly LiveConnection[]>;
}

/** Sends one frame to one socket: `gone` when the socket no longer exists (the Management API's 410). */
export interface FrameSender {
  send(connectionId: string, frame: LiveFrame): Promise<'sent' | 'gone'>;
}

/** Closes sockets (the Management API's DeleteConnection): erasure disconnects a member everywhere. */
export interface SocketCloser {
  /** `gone` when the socket was already closed (410); never throws for that. */
  close(connectionId: string): Promise<'closed' | 'gone'>;
}
