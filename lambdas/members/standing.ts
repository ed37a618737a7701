/**
 * A member's standing: the sanctions in force and the trust they have earned. Pure: the caller reads
 * the member's state item (one small item, lambdas/store/entities/member-state.ts) and the clock.
 * Periods end by themselves: a sanction is in force while `until` is in the future (null: a ban,
 * indefinite) and it has not been lifted; nothing runs to end it.
 */
import { ForbiddenError } from '../domain/errors';

export const SANCTION_KINDS = ['warn', 'silence', 'suspend', 'ban'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];

export const SANCTION_REASONS = ['spam', 'abuse', 'harassment', 'off-topic', 'misinformation', 'ban-evasion', 'personal-data', 'other'] as const;
export type SanctionReason = (typeof SANCTION_REASONS)[number];

/** The longest silence or suspension; anything longer is a ban, which senior moderators decide. */
export const MAX_SANCTION_DAYS = 365;

/** A sanction as the state item carries it: enough to enforce it without reading the sanction. */
export interface ActiveSanction {
  readonly kind: Exclude<SanctionKind, 'warn'>;
  readonly reasonCode: SanctionReason;
  /** When it ends by itself; null: never (a ban). */
  readonly until: string | null;
  /** Lifted early: no longer in force (pruned by the next sanction). */
  readonly lifted?: boolean;
}

/** The member's state item: read on every request (one eventually consistent read, under 1 KB). */
export interface MemberState {
  readonly memberId: string;
  /** The member's first contribution: the account's age as far as the API can know it. */
  readonly firstSeenAt: string;
  /** Contributions published (by screening or a moderator's approval). */
  readonly approvedContributions: number;
  /** Silences, suspensions and bans not lifted, by sanction id; expired ones stay until the next sanction prunes them. */
  readonly sanctions: Readonly<Record<string, ActiveSanction>>;
}

/** What a member may do now. `suspended` covers bans. */
export type Restriction =
  | { readonly level: 'none' }
  | {
      readonly level: 'silenced' | 'suspended';
      readonly sanctionId: string;
      readonly kind: ActiveSanction['kind'];
      readonly reasonCode: SanctionReason;
      readonly until: string | null;
    };

const inForce = (s: ActiveSanction, now: Date): boolean => s.lifted !== true && (s.until === null || Date.parse(s.until) > now.getTime());

/** The strongest sanction in force, the one ending last among equals (a ban outlasts everything). */
export function restrictionOf(state: Pick<MemberState, 'sanctions'> | undefined, now: Date): Restriction {
  let best: Restriction = { level: 'none' };
  const rank = (r: Restriction) => (r.level === 'none' ? 0 : r.level === 'silenced' ? 1 : 2);
  const end = (r: Restriction) => (r.level === 'none' ? 0 : r.until === null ? Number.POSITIVE_INFINITY : Date.parse(r.until));
  for (const [sanctionId, s] of Object.entries(state?.sanctions ?? {})) {
    if (!inForce(s, now)) continue;
    const candidate: Restriction = {
      level: s.kind === 'silence' ? 'silenced' : 'suspended',
      sanctionId,
      kind: s.kind,
      reasonCode: s.reasonCode,
      until: s.until,
    };
    if (rank(candidate) > rank(best) || (rank(candidate) === rank(best) && end(candidate) > end(best))) best = candidate;
  }
  return best;
}

/** The sanctions a new one leaves in the state item: those still in force, and the new one. */
export function sanctionsAfter(state: Pick<MemberState, 'sanctions'> | undefined, now: Date): Record<string, ActiveSanction> {
  return Object.fromEntries(Object.entries(state?.sanctions ?? {}).filter(([, s]) => inForce(s, now)));
}

/**
 * A request refused because of a sanction: the kind, its reason code and when it ends (null: never),
 * so the app can say so. Forbidden, like any other refusal of who the caller is.
 */
export class SanctionedError extends ForbiddenError {
  constructor(readonly restriction: Exclude<Restriction, { level: 'none' }>) {
    const ends = restriction.until === null ? 'has no end' : `ends at ${restriction.until}`;
    super(
      restriction.level === 'silenced'
        ? `you are silenced (${restriction.reasonCode}): you may read but not post, comment, react, vote or report; the silence ${ends}`
        : `your account is ${restriction.kind === 'ban' ? 'banned' : 'suspended'} (${restriction.reasonCode}): only GET /v1/me and your own account's routes answer; the ${restriction.kind} ${ends}`,
    );
  }
}

/**
 * How a route is touched by sanctions. `own-account`: the member's own account (who they are, their
 * sanctions and appeals, export, erasure): open to every member whatever their sanctions, because a
 * sanction never takes away the right to see it, appeal it, or take one's data away.
 */
export type SanctionScope = 'read' | 'write' | 'own-account';

/** Throws SanctionedError when the restriction forbids a request of this scope. */
export function enforceStanding(restriction: Restriction, scope: SanctionScope): void {
  if (restriction.level === 'none' || scope === 'own-account') return;
  if (restriction.level === 'suspended' || scope === 'write') throw new SanctionedError(restriction);
}

// ---------------------------------------------------------------------------------------------
// Trust

export const TRUST_LEVELS = ['new', 'member', 'trusted'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** The thresholds of the trust levels (a community's policy field `trustLevels`). */
export interface TrustThresholds {
  /** `member` from this many approved contributions and days since the first one. */
  readonly memberAfterContributions: number;
  readonly memberAfterDays: number;
  /** `trusted` from these. Trusted members skip the new-member review and their reports count in full. */
  readonly trustedAfterContributions: number;
  readonly trustedAfterDays: number;
}

export const DEFAULT_TRUST_THRESHOLDS: TrustThresholds = {
  memberAfterContributions: 3,
  memberAfterDays: 2,
  trustedAfterContributions: 20,
  trustedAfterDays: 30,
};

/** Days since the member's first contribution; 0 for someone who never contributed. */
export const accountAgeDays = (state: Pick<MemberState, 'firstSeenAt'> | undefined, now: Date): number =>
  state ? Math.max(0, (now.getTime() - Date.parse(state.firstSeenAt)) / 86_400_000) : 0;

export function trustLevelOf(
  state: Pick<MemberState, 'firstSeenAt' | 'approvedContributions'> | undefined,
  thresholds: TrustThresholds,
  now: Date,
): TrustLevel {
  if (!state) return 'new';
  const days = accountAgeDays(state, now);
  const count = state.approvedContributions;
  if (count >= thresholds.trustedAfterContributions && days >= thresholds.trustedAfterDays) return 'trusted';
  if (count >= thresholds.memberAfterContributions && days >= thresholds.memberAfterDays) return 'member';
  return 'new';
}
