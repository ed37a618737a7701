/**
 * How much a report counts towards hiding content. Pure: the caller reads what the table records
 * about the reporter in the community; the token says nothing usable about an account's age.
 */
import type { ModerationPolicy } from '../api/moderation-schemas';
import { accountAgeDays, trustLevelOf, type MemberState } from '../members/standing';

/**
 * Defaults of a policy's `reportWeighting`: three reports of new members weigh three quarters of one
 * full report. Here, not in the schemas, so bundles that screen content carry no moderation schemas.
 */
export const DEFAULT_REPORT_WEIGHTING = { establishedAfterDays: 7, establishedAfterPosts: 1, newMemberWeightPercent: 25 } as const;

/** A full report, in the unit weights are summed in (integers: no rounding drift on the item). */
export const FULL_REPORT_PERCENT = 100;

/** What the table knows about a member in a community: the member-in-community record, if any. */
export interface ReporterStanding {
  /** When they first posted in the community; null if they never did. */
  readonly joinedAt: string | null;
  /** Posts they made there. */
  readonly postCount: number;
}

/**
 * A full report from a member the community's policy calls trusted (trustLevels: approved
 * contributions anywhere and days since the first), or from one who joined the community (first
 * posted there) at least `establishedAfterDays` ago, posted at least `establishedAfterPosts` times,
 * and whose account (their first contribution anywhere) is at least as old; the policy's
 * `newMemberWeightPercent` from anyone else, so a handful of fresh accounts cannot hide a post.
 * `reporter`: the reporter's state as the request's sanction check read it (absent before any contribution).
 */
export function reportWeightOf(
  standing: ReporterStanding,
  policy: Pick<ModerationPolicy, 'reportWeighting'> & Partial<Pick<ModerationPolicy, 'trustLevels'>>,
  now: Date,
  reporter?: Pick<MemberState, 'firstSeenAt' | 'approvedContributions'>,
): number {
  const { establishedAfterDays, establishedAfterPosts, newMemberWeightPercent } = policy.reportWeighting;
  if (policy.trustLevels && trustLevelOf(reporter, policy.trustLevels, now) === 'trusted') return FULL_REPORT_PERCENT;
  const joined = standing.joinedAt === null ? Number.NaN : Date.parse(standing.joinedAt);
  const days = (now.getTime() - joined) / 86_400_000;
  // The community record cannot be older than the account; without a state (older data) it alone decides.
  const accountOldEnough = reporter === undefined || accountAgeDays(reporter, now) >= establishedAfterDays;
  const established = days >= establishedAfterDays && standing.postCount >= establishedAfterPosts && accountOldEnough;
  return established ? FULL_REPORT_PERCENT : newMemberWeightPercent;
}

/** Whether reports of this summed weight reach the community's threshold (counted in full reports). */
export const reachesThreshold = (weightPercent: number, policy: Pick<ModerationPolicy, 'reportThreshold'>): boolean =>
  weightPercent >= policy.reportThreshold * FULL_REPORT_PERCENT;
