import { DEFAULT_TRUST_THRESHOLDS, enforceStanding, restrictionOf, SanctionedError, sanctionsAfter, trustLevelOf } from '../../../lambdas/members/standing';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const at = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();

describe('member standing', () => {
  it('is silenced until the end of the period and free from that instant on (no job lifts it)', () => {
    const state = { sanctions: { s1: { kind: 'silence' as const, reasonCode: 'spam' as const, until: at(1) } } };
    expect(restrictionOf(state, NOW)).toMatchObject({ level: 'silenced', sanctionId: 's1' });
    expect(restrictionOf(state, new Date(Date.parse(at(1)) - 1))).toMatchObject({ level: 'silenced' });
    expect(restrictionOf(state, new Date(at(1)))).toEqual({ level: 'none' });
  });

  it('takes the strongest sanction in force: a ban over a longer silence, and ignores a lifted one', () => {
    const state = {
      sanctions: {
        long: { kind: 'silence' as const, reasonCode: 'spam' as const, until: at(300) },
        ban: { kind: 'ban' as const, reasonCode: 'ban-evasion' as const, until: null },
        gone: { kind: 'suspend' as const, reasonCode: 'abuse' as const, until: at(5), lifted: true },
      },
    };
    expect(restrictionOf(state, NOW)).toMatchObject({ level: 'suspended', sanctionId: 'ban', until: null });
    expect(Object.keys(sanctionsAfter(state, NOW)).sort()).toEqual(['ban', 'long']);
  });

  it('lets a silenced member read and use their own account, and refuses their writes', () => {
    const silenced = restrictionOf({ sanctions: { s: { kind: 'silence', reasonCode: 'spam', until: at(1) } } }, NOW);
    expect(() => enforceStanding(silenced, 'read')).not.toThrow();
    expect(() => enforceStanding(silenced, 'own-account')).not.toThrow();
    expect(() => enforceStanding(silenced, 'write')).toThrow(SanctionedError);
  });

  it('refuses a suspended member every route but their own account', () => {
    const suspended = restrictionOf({ sanctions: { s: { kind: 'suspend', reasonCode: 'abuse', until: at(1) } } }, NOW);
    expect(() => enforceStanding(suspended, 'read')).toThrow(SanctionedError);
    expect(() => enforceStanding(suspended, 'own-account')).not.toThrow();
  });

  it('reaches member and trusted at both thresholds, not one short of either', () => {
    const t = DEFAULT_TRUST_THRESHOLDS;
    const level = (contributions: number, days: number) => trustLevelOf({ firstSeenAt: at(-days), approvedContributions: contributions }, t, NOW);
    expect(level(t.trustedAfterContributions, t.trustedAfterDays)).toBe('trusted');
    expect(level(t.trustedAfterContributions - 1, t.trustedAfterDays)).toBe('member');
    expect(level(t.trustedAfterContributions, t.trustedAfterDays - 1)).toBe('member');
    expect(level(t.memberAfterContributions, t.memberAfterDays)).toBe('member');
    expect(level(t.memberAfterContributions - 1, 365)).toBe('new');
    expect(trustLevelOf(undefined, t, NOW)).toBe('new');
  });
});
