import type { ChorusDeps } from '../../../lambdas/domain/ports';
import { DEFAULT_TRUST_THRESHOLDS } from '../../../lambdas/members/standing';
import { screenContent, type ScreenedTarget } from '../../../lambdas/moderation/screen-content';
import { DEFAULT_POLICY } from '../../../lambdas/moderation/screening';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

/** Only what screening a new post reads: the author's post count in the community (none: a first post). */
const deps = { clock: () => NOW, moderation: { memberPostCount: async () => 0, hasFingerprint: async () => false } } as unknown as Pick<
  ChorusDeps,
  'moderation' | 'clock'
>;
const post = (authorStanding?: ScreenedTarget['authorStanding']): ScreenedTarget => ({
  kind: 'post',
  communityId: 'c1',
  postId: '01JD0000000000000000000000',
  commentId: null,
  postKind: 'discussion',
  authorId: 'm1',
  text: 'Hello there',
  authorStanding,
});
const policy = { ...DEFAULT_POLICY, newMemberReviewCount: 2 };

describe('new-member review and trust', () => {
  it('holds the first post of a member below trusted, and publishes a trusted member’s first post in the community', async () => {
    const trusted = {
      firstSeenAt: daysAgo(DEFAULT_TRUST_THRESHOLDS.trustedAfterDays),
      approvedContributions: DEFAULT_TRUST_THRESHOLDS.trustedAfterContributions,
    };
    const almost = { ...trusted, approvedContributions: trusted.approvedContributions - 1 };

    expect((await screenContent(deps, post(), { isNew: true, policy })).status).toBe('held');
    expect((await screenContent(deps, post(almost), { isNew: true, policy })).status).toBe('held');
    const outcome = await screenContent(deps, post(trusted), { isNew: true, policy });
    expect(outcome.status).toBe('published');
    expect(outcome.writes.countApproved).toBe(true);
  });
});
