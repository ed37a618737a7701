import { reachesThreshold, reportWeightOf } from '../../../lambdas/moderation/report-weight';
import { DEFAULT_POLICY } from '../../../lambdas/moderation/screening';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe('report weight', () => {
  it('weighs a full report from a member who first posted in the community at least 7 days ago', () => {
    expect(reportWeightOf({ joinedAt: daysAgo(7), postCount: 1 }, DEFAULT_POLICY, NOW)).toBe(100);
  });

  it('weighs a quarter from a member who joined one second short of 7 days ago', () => {
    const joinedAt = new Date(NOW.getTime() - 7 * 86_400_000 + 1000).toISOString();
    expect(reportWeightOf({ joinedAt, postCount: 5 }, DEFAULT_POLICY, NOW)).toBe(25);
  });

  it('weighs a quarter from an account the community has no record of, however old the account', () => {
    expect(reportWeightOf({ joinedAt: null, postCount: 0 }, DEFAULT_POLICY, NOW)).toBe(25);
  });

  it('weighs a quarter from an old member with fewer posts than the policy asks', () => {
    const policy = { reportWeighting: { ...DEFAULT_POLICY.reportWeighting, establishedAfterPosts: 3 } };
    expect(reportWeightOf({ joinedAt: daysAgo(30), postCount: 2 }, policy, NOW)).toBe(25);
    expect(reportWeightOf({ joinedAt: daysAgo(30), postCount: 3 }, policy, NOW)).toBe(100);
  });

  it('weighs a full report from a trusted member new to the community, at the trust thresholds and not one contribution short', () => {
    const trusted = { firstSeenAt: daysAgo(30), approvedContributions: 20 };
    expect(reportWeightOf({ joinedAt: null, postCount: 0 }, DEFAULT_POLICY, NOW, trusted)).toBe(100);
    expect(reportWeightOf({ joinedAt: null, postCount: 0 }, DEFAULT_POLICY, NOW, { ...trusted, approvedContributions: 19 })).toBe(25);
  });

  it('weighs a quarter from an account younger than establishedAfterDays, whatever its record in the community says', () => {
    expect(reportWeightOf({ joinedAt: daysAgo(8), postCount: 3 }, DEFAULT_POLICY, NOW, { firstSeenAt: daysAgo(6), approvedContributions: 3 })).toBe(25);
    expect(reportWeightOf({ joinedAt: daysAgo(8), postCount: 3 }, DEFAULT_POLICY, NOW, { firstSeenAt: daysAgo(8), approvedContributions: 3 })).toBe(100);
  });

  it('hides at the threshold in full reports: three established reports, not three new ones', () => {
    expect(reachesThreshold(3 * 100, DEFAULT_POLICY)).toBe(true);
    expect(reachesThreshold(299, DEFAULT_POLICY)).toBe(false);
    expect(reachesThreshold(3 * 25, DEFAULT_POLICY)).toBe(false);
    expect(reachesThreshold(12 * 25, DEFAULT_POLICY)).toBe(true);
    expect(reachesThreshold(11 * 25, DEFAULT_POLICY)).toBe(false);
  });
});
