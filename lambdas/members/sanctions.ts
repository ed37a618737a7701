/**
 * Sanctions on members: moderators warn, silence or suspend for a period, senior moderators ban.
 * Lifting one early and appealing one (a moderation queue item) are in
 * lambdas/moderation/sanction-appeals.ts. Periods end by themselves: enforcement compares `until`
 * with the clock (standing.ts), no job lifts anything.
 */
import { isModerator, type Caller } from '../domain/caller';
import { newId, type Clock } from '../domain/clock';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../domain/errors';
import type { Page, PageRequest } from '../domain/ports';
import type { MemberStore, Sanction } from './ports';
import { MAX_SANCTION_DAYS, restrictionOf, sanctionsAfter, type ActiveSanction, type SanctionKind, type SanctionReason } from './standing';

export interface MembersDeps {
  readonly members: MemberStore;
  readonly clock: Clock;
}

/** What a moderator asks for: the period in days for a silence or a suspension, none for a warning or a ban. */
export interface NewSanction {
  readonly kind: SanctionKind;
  readonly reasonCode: SanctionReason;
  readonly note?: string | undefined;
  readonly durationDays?: number | undefined;
}

/** Concurrent sanctions of one member race on the state's version; each retry reads it again. */
const MAX_ATTEMPTS = 4;

export function requireModerator(caller: Caller): void {
  if (!isModerator(caller)) throw new ForbiddenError('sanctions and member records are for the moderators and senior-moderators groups');
}

/** Refuses what the caller may not issue, and a period that does not fit the kind. Checked before a queue decision commits, too. */
export function checkSanction(caller: Caller, memberId: string, input: NewSanction): void {
  requireModerator(caller);
  if (memberId === caller.memberId) throw new UnprocessableError('you cannot sanction yourself', [{ field: 'path.memberId', message: 'another member' }]);
  if (input.kind === 'ban' && !caller.groups.has('senior-moderators'))
    throw new ForbiddenError('a ban is for senior-moderators; a moderator may warn, silence or suspend');
  const timed = input.kind === 'silence' || input.kind === 'suspend';
  if (timed && input.durationDays === undefined) {
    throw new UnprocessableError(`a ${input.kind} needs durationDays (1-${MAX_SANCTION_DAYS})`, [
      { field: 'body.durationDays', message: `required for ${input.kind}: 1-${MAX_SANCTION_DAYS}` },
    ]);
  }
  if (!timed && input.durationDays !== undefined) {
    throw new UnprocessableError(`a ${input.kind} has no period: leave durationDays out`, [
      { field: 'body.durationDays', message: `only silence and suspend take a period; ${input.kind} takes none` },
    ]);
  }
}

/** Issues a sanction: the sanction item and the member's active sanctions, in one transaction. */
export async function sanctionMember(
  deps: MembersDeps,
  caller: Caller,
  memberId: string,
  input: NewSanction,
  sourceItemId: string | null = null,
): Promise<Sanction> {
  checkSanction(caller, memberId, input);
  for (let attempt = 1; ; attempt++) {
    const now = deps.clock();
    const sanction: Sanction = {
      sanctionId: newId(deps.clock),
      memberId,
      kind: input.kind,
      reasonCode: input.reasonCode,
      note: input.note ?? null,
      createdAt: now.toISOString(),
      until: input.durationDays === undefined ? null : new Date(now.getTime() + input.durationDays * 86_400_000).toISOString(),
      issuedBy: caller.memberId,
      sourceItemId,
      lifted: null,
      appeal: null,
    };
    // A member who never contributed has no state yet: their first sanction creates it.
    let state = await deps.members.getState(memberId, { consistent: true });
    if (!state) {
      await deps.members.createState(memberId, now.toISOString());
      state = (await deps.members.getState(memberId, { consistent: true }))!;
    }
    const active: Record<string, ActiveSanction> = sanctionsAfter(state, now);
    if (sanction.kind !== 'warn') active[sanction.sanctionId] = { kind: sanction.kind, reasonCode: sanction.reasonCode, until: sanction.until };
    if (await deps.members.putSanction(sanction, active, state.version)) return sanction;
    if (attempt >= MAX_ATTEMPTS) throw new ConflictError(`member ${memberId} is being sanctioned by someone else right now; look at their record and retry`);
  }
}

/** A member's sanction, or 404. */
export async function sanctionOf(deps: Pick<MembersDeps, 'members'>, memberId: string, sanctionId: string): Promise<Sanction> {
  const sanction = await deps.members.getSanction(memberId, sanctionId);
  if (!sanction) throw new NotFoundError(`member ${memberId} has no sanction ${sanctionId}`);
  return sanction;
}

/** What the member sees of a sanction: not who issued it, not the moderators' note. */
export const asSeenByMember = (s: Sanction) => ({
  sanctionId: s.sanctionId,
  kind: s.kind,
  reasonCode: s.reasonCode,
  createdAt: s.createdAt,
  until: s.until,
  lifted: s.lifted !== null,
  appeal: s.appeal ? { text: s.appeal.text, at: s.appeal.at, status: s.appeal.status, decidedAt: s.appeal.decidedAt } : null,
});

export async function ownSanctions(deps: MembersDeps, caller: Caller, page: PageRequest) {
  const sanctions = await deps.members.listSanctions(caller.memberId, page);
  return { items: sanctions.items.map(asSeenByMember), nextCursor: sanctions.nextCursor };
}

/** Open sanction appeals, oldest first. */
export async function openSanctionAppeals(deps: MembersDeps, caller: Caller, page: PageRequest): Promise<Page<Sanction>> {
  requireModerator(caller);
  return deps.members.openAppeals(page);
}

/** The member's record for moderators: sanctions, the moderation of their content (never who reported), notes. */
/** The latest `limit` of each list (content: by item id). */
export async function memberRecord(deps: MembersDeps, caller: Caller, memberId: string, limit: number) {
  const page = { limit };
  requireModerator(caller);
  const [state, sanctions, cases, notes] = await Promise.all([
    deps.members.getState(memberId),
    deps.members.listSanctions(memberId, page),
    deps.members.contentCases(memberId, page),
    deps.members.listNotes(memberId, page),
  ]);
  const restriction = restrictionOf(state, deps.clock());
  return {
    memberId,
    firstSeenAt: state?.firstSeenAt ?? null,
    approvedContributions: state?.approvedContributions ?? 0,
    restriction: restriction.level === 'none' ? null : restriction,
    sanctions: sanctions.items,
    content: cases.items,
    notes: notes.items,
  };
}

export async function addMemberNote(deps: MembersDeps, caller: Caller, memberId: string, text: string) {
  requireModerator(caller);
  const note = { noteId: newId(deps.clock), memberId, authorId: caller.memberId, text, createdAt: deps.clock().toISOString() };
  await deps.members.addNote(note);
  return note;
}
