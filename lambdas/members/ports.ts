/**
 * What the members' use cases need from storage, as plain TypeScript: the DynamoDB adapter
 * (lambdas/store/dynamo-member-store.ts) implements it; unit tests can pass anything that does.
 */
import type { Page, PageRequest } from '../domain/ports';
import type { MemberState, SanctionKind, SanctionReason } from './standing';

/** A sanction as stored and shown to moderators (members see it without `issuedBy` and the note). */
export interface Sanction {
  readonly sanctionId: string;
  readonly memberId: string;
  readonly kind: SanctionKind;
  readonly reasonCode: SanctionReason;
  readonly note: string | null;
  readonly createdAt: string;
  /** When it ends by itself; null for a warning (nothing to end) and a ban (never). */
  readonly until: string | null;
  readonly issuedBy: string;
  /** The moderation item whose decision issued it, if one did. */
  readonly sourceItemId: string | null;
  readonly lifted: { readonly at: string; readonly by: string; readonly note: string | null } | null;
  readonly appeal: SanctionAppeal | null;
}

/** The member's one appeal of a sanction; `itemId` is its moderation queue item (null for appeals made before they were queue items). */
export interface SanctionAppeal {
  readonly itemId?: string | null;
  readonly text: string;
  readonly at: string;
  readonly status: 'open' | 'upheld' | 'lifted';
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly note: string | null;
}

export interface MemberNote {
  readonly noteId: string;
  readonly memberId: string;
  readonly authorId: string;
  readonly text: string;
  readonly createdAt: string;
}

/** A moderation item about the member's content, as the record shows it: decisions and reports, never reporters. */
export interface ContentCase {
  readonly itemId: string;
  readonly kind: string;
  readonly communityId: string | null;
  readonly postId: string | null;
  readonly commentId: string | null;
  readonly status: string;
  readonly reasons: Readonly<Record<string, number>>;
  readonly reportCount: number;
  readonly createdAt: string;
  readonly lastDecision: { readonly action: string; readonly reasonCode: string | null; readonly moderatorId: string; readonly decidedAt: string } | null;
}

export interface MemberStore {
  /** Eventually consistent (0.5 RRU for the small state item) unless `consistent`. */
  getState(memberId: string, read?: { readonly consistent?: boolean }): Promise<(MemberState & { readonly version: number }) | undefined>;
  /** Creates the member's state at their first contribution (with its pseudonym key); nothing if it exists. */
  createState(memberId: string, at: string): Promise<void>;
  /** Writes the sanction and the state's active sanctions together if the state is still at `stateVersion`; false otherwise. */
  putSanction(sanction: Sanction, active: MemberState['sanctions'], stateVersion: number): Promise<boolean>;
  getSanction(memberId: string, sanctionId: string): Promise<Sanction | undefined>;
  /**
   * Marks a sanction without an open appeal lifted and, when `active`, in the state's active
   * sanctions too, together; false if it was already lifted or an appeal of it is open (an open
   * appeal is a queue item: the queue's plan lifts the sanction and closes the item together).
   */
  liftSanction(memberId: string, sanctionId: string, lifted: NonNullable<Sanction['lifted']>, active: boolean): Promise<boolean>;
  listSanctions(memberId: string, page: PageRequest): Promise<Page<Sanction>>;
  openAppeals(page: PageRequest): Promise<Page<Sanction>>;
  addNote(note: MemberNote): Promise<void>;
  listNotes(memberId: string, page: PageRequest): Promise<Page<MemberNote>>;
  contentCases(memberId: string, page: PageRequest): Promise<Page<ContentCase>>;
}
