/**
 * Sanctions on members: moderators warn, silence or suspend for a period, senior moderators ban;
 * a sanction can be lifted early (recorded: who, when, why) and appealed once by its member, to a
 * moderator other than the one who issued it (the rule of the queue's appeals). Periods end by
 * themselves: enforcement compares `until` with the clock (standing.ts), no job lifts anything.
 */
import { isModerator, type Caller } from '../domain/caller';
import { newId, type Clock } from '../domain/clock';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../domain/errors';
import type { Page, PageRequest } from '../domain/ports';
import type { MemberStore, Sanction, SanctionAppeal } from './ports';
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

async function sanctionOf(deps: MembersDeps, memberId: string, sanctionId: string): Promise<Sanction> {
  const sanction = await deps.members.getSanction(memberId, sanctionId);
  if (!sanction) throw new NotFoundError(`member ${memberId} has no sanction ${sanctionId}`);
  return sanction;
}

/** Lifts a sanction before its end; the lifting (who, when, why) stays on the sanction. */
export async function liftSanction(deps: MembersDeps, caller: Caller, memberId: string, sanctionId: string, note?: string): Promise<Sanction> {
  requireModerator(caller);
  const sanction = await sanctionOf(deps, memberId, sanctionId);
  if (sanction.kind === 'ban' && !caller.groups.has('senior-moderators')) throw new ForbiddenError('lifting a ban is for senior-moderators');
  const lifted = { at: deps.clock().toISOString(), by: caller.memberId, note: note ?? null };
  const appeal =
    sanction.appeal?.status === 'open'
      ? { ...sanction.appeal, status: 'lifted' as const, decidedBy: caller.memberId, decidedAt: lifted.at, note: note ?? null }
      : undefined;
  // A warning, or a period pruned since it ended, is not among the active sanctions: only the sanction changes.
  const active = (await deps.members.getState(memberId, { consistent: true }))?.sanctions[sanctionId] !== undefined;
  if (!(await deps.members.liftSanction(memberId, sanctionId, lifted, active, appeal))) throw new ConflictError(`sanction ${sanctionId} was already lifted`);
  return { ...sanction, lifted, appeal: appeal ?? sanction.appeal };
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

/** The member appeals one of their sanctions, once. Someone other than the issuing moderator decides. */
export async function appealSanction(deps: MembersDeps, caller: Caller, sanctionId: string, text: string) {
  const sanction = await sanctionOf(deps, caller.memberId, sanctionId);
  if (sanction.lifted) throw new ConflictError(`sanction ${sanctionId} was lifted: nothing to appeal`);
  const appeal: SanctionAppeal = { text, at: deps.clock().toISOString(), status: 'open', decidedBy: null, decidedAt: null, note: null };
  if (!(await deps.members.appealSanction(caller.memberId, sanctionId, appeal))) {
    throw new ConflictError(`sanction ${sanctionId} has already been appealed; each sanction can be appealed once`);
  }
  return asSeenByMember({ ...sanction, appeal });
}

/** Open sanction appeals, oldest first. */
export async function openSanctionAppeals(deps: MembersDeps, caller: Caller, page: PageRequest): Promise<Page<Sanction>> {
  requireModerator(caller);
  return deps.members.openAppeals(page);
}

/** A moderator other than the issuer decides an open appeal: `lift` ends the sanction, `uphold` lets it stand. */
export async function decideSanctionAppeal(
  deps: MembersDeps,
  caller: Caller,
  memberId: string,
  sanctionId: string,
  decision: { readonly outcome: 'lift' | 'uphold'; readonly note?: string | undefined },
): Promise<Sanction> {
  requireModerator(caller);
  const sanction = await sanctionOf(deps, memberId, sanctionId);
  if (sanction.appeal?.status !== 'open') throw new ConflictError(`sanction ${sanctionId} has no open appeal`);
  if (sanction.issuedBy === caller.memberId) {
    throw new ForbiddenError('an appeal is decided by a different moderator than the one who issued the sanction: leave it to another moderator');
  }
  if (decision.outcome === 'lift') return liftSanction(deps, caller, memberId, sanctionId, decision.note);
  const appeal: SanctionAppeal = {
    ...sanction.appeal,
    status: 'upheld',
    decidedBy: caller.memberId,
    decidedAt: deps.clock().toISOString(),
    note: decision.note ?? null,
  };
  if (!(await deps.members.upholdSanction(memberId, sanctionId, appeal))) throw new ConflictError(`the appeal of sanction ${sanctionId} was decided meanwhile`);
  return { ...sanction, appeal };
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
