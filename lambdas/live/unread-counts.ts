/**
 * The unread counts a read mark tells the member's sockets. A read mark lowers the member's unread
 * counter in the same transaction as it marks the entries (lambdas/store/entities/notification.ts),
 * so the counter's images on the table's stream are the count before and after it: no read. Only a
 * lowered count is pushed: a raised one comes with its new entry, which the notifier pushes with the
 * count in its notification frame.
 */
import type { UnreadCountFrame } from './ports';

/** One change of a member's unread counter, in stream order. */
export interface UnreadCounterChange {
  readonly memberId: string;
  readonly before: number;
  readonly after: number;
}

/** Of a batch, each member's last change, when it lowered the count: the frame to push (it supersedes the others). */
export function readMarkFrames(changes: readonly UnreadCounterChange[]): { readonly memberId: string; readonly frame: UnreadCountFrame }[] {
  const last = new Map<string, UnreadCounterChange>();
  for (const change of changes) {
    last.delete(change.memberId);
    last.set(change.memberId, change);
  }
  return [...last.values()]
    .filter((change) => change.after < change.before)
    .map((change) => ({ memberId: change.memberId, frame: { type: 'unread-count', unreadCount: change.after } }));
}
