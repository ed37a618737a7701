/**
 * What one moderation step writes, as data: the store commits a plan in one transaction, so a
 * decision, its audit entry and the content's status change land together or not at all.
 */
import type { AuditEntry } from '../api/moderation-schemas';
import type { Comment, Post } from '../api/schemas';
import type { DeskWrite } from '../desk/desk-item';
import type { ItemGuard } from '../domain/leased-queue';
import type { QueueItem } from './queue';

/** How a write of a queue item is guarded: the shared leased queue's guards. */
export type { ItemGuard } from '../domain/leased-queue';

/**
 * A write of a queue item: its next state, the guard that makes it safe, and the state it replaces
 * (null for a new item), from which the store derives the stats counters' changes.
 */
export interface ItemWrite {
  readonly next: QueueItem;
  readonly guard: ItemGuard;
  readonly previous: QueueItem | null;
}

export interface AuditWrite {
  readonly entry: AuditEntry;
  readonly auditId: string;
  /** Decisions: seconds from the item's creation to the decision (stats). */
  readonly waitedSeconds?: number;
  /** The content the item is about, kept on the entry so the lake's events name it. */
  readonly target: { readonly communityId: string; readonly postId: string };
}

export interface ReportWrite {
  readonly itemId: string;
  /** The reported content's post and community (a comment's too), so the lake's event names them. */
  readonly postId: string;
  readonly communityId: string;
  readonly memberId: string;
  readonly reasonCode: string;
  readonly text: string | null;
  readonly at: string;
}

/** Everything one moderation step changes, committed together or not at all. */
export interface ModerationPlan {
  readonly item?: ItemWrite;
  readonly report?: ReportWrite;
  /** `changedBy`: the moderator who decided, or null when the system acted (a report threshold). */
  readonly post?: { readonly before: Post; readonly after: Post; readonly changedBy: string | null };
  readonly comment?: { readonly before: Comment; readonly after: Comment; readonly changedBy: string | null; readonly at: string };
  readonly audits?: readonly AuditWrite[];
  /** Approving a post that needs a staff reaction puts it on the response desk. */
  readonly desk?: DeskWrite;
}

export type PlanPart = 'item' | 'report' | 'post' | 'comment' | 'audit' | 'desk';
