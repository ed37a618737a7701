import { fingerprintKey, isLiveFingerprint, putFingerprint } from '../../../../lambdas/store/entities/content-fingerprint';
import { countAuthorPost, memberInCommunityKey, toPostCount } from '../../../../lambdas/store/entities/member-in-community';
import { reportItem, reportKey } from '../../../../lambdas/store/entities/report';
import { described } from './fixtures';

describe('report', () => {
  it('is one per member and item, so a member reports a piece of content once', () => {
    expect(reportKey('post-P', 'm1')).toEqual({ pk: 'MODITEM#post-P', sk: 'REPORT#m1' });
    expect(reportItem({ itemId: 'post-P', postId: 'P', communityId: 'c', memberId: 'm1', reasonCode: 'spam', text: null, at: 'now' })).toMatchObject({
      type: 'report',
      reasonCode: 'spam',
    });
  });
});

describe('member in a community', () => {
  it("counts the member's posts there, none before the first", () => {
    expect(described({ TransactItems: [countAuthorPost('t', 'm1', 'c', 'now')] })).toEqual(['Update MEMBER#m1/COMMUNITY#c']);
    expect(memberInCommunityKey('m1', 'c')).toEqual({ pk: 'MEMBER#m1', sk: 'COMMUNITY#c' });
    expect(toPostCount(undefined)).toBe(0);
    expect(toPostCount({ type: 'member-in-community', postCount: 3 })).toBe(3);
    expect(() => toPostCount({ type: 'member-in-community' })).toThrow(/attribute postCount must be a number/);
  });
});

describe('content fingerprint', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');
  const seconds = now.getTime() / 1000;

  it('is keyed by member and hash, and expires by TTL', () => {
    expect(fingerprintKey('m1', 'abc')).toEqual({ pk: 'CONTENT#m1#abc', sk: 'CONTENT' });
    expect(putFingerprint('t', { memberId: 'm1', hash: 'abc', expiresAt: seconds + 60 }).Put?.Item).toMatchObject({ expiresAt: seconds + 60 });
  });

  it('counts only until it expires, even while TTL has not deleted it yet', () => {
    const item = (expiresAt: number) => ({ type: 'content-fingerprint', expiresAt });
    expect(isLiveFingerprint(item(seconds + 1), now)).toBe(true);
    expect(isLiveFingerprint(item(seconds), now)).toBe(false);
    expect(isLiveFingerprint(undefined, now)).toBe(false);
  });
});
