/**
 * What one moderation step writes, as data: the store commits a plan in one transaction, so a
 * decision, its audit entry and the content's status change land together or not at all.
 */
import type { AuditEntry } from '../api/moderation-schemas';
import type { Comment, Post } from '../api/schemas';
import type { DeskWrite } from '../desk/desk-item';
import type { Sanction, SanctionAppeal } from '../members/ports';
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
  /** The content the item is about, kept on the entry so the lake's events name it (a sanction appeal: its community, if any, and no post). */
  readonly target: { readonly communityId: string | null; readonly postId: string | null };
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

/**
 * What a sanction appeal's step does to its sanction: the member's appeal recorded (once), the
 * sanction lifted (approved; `active`: also out of the member's active sanctions) or upheld (rejected).
 */
export type SanctionWrite =
  | { readonly op: 'appeal'; readonly memberId: string; readonly sanctionId: string; readonly appeal: SanctionAppeal }
  | {
      readonly op: 'lift';
      readonly memberId: string;
      readonly sanctionId: string;
      readonly lifted: NonNullable<Sanction['lifted']>;
      readonly appeal: SanctionAppeal;
      readonly active: boolean;
    }
  | { readonly op: 'uphold'; readonly memberId: string; readonly sanctionId: string; readonly appeal: SanctionAppeal };

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
  /** A sanction appeal's change to its sanction. */
  readonly sanction?: SanctionWrite;
}

export type PlanPart = 'item' | 'report' | 'post' | 'comment' | 'audit' | 'desk' | 'sanction';
