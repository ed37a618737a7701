import type { Caller } from '../../../lambdas/domain/caller';
import { asSeenBy } from '../../../lambdas/posts/visibility';

const caller = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const rejected = { postId: 'p1', authorId: 'alice', moderation: { reasonCode: 'blocked-term', rule: 'blocked-term:scamcoin' } };

describe('what a caller reads of a moderation note', () => {
  it.each([
    ['the author', caller('alice', 'members')],
    ['another member', caller('bob', 'members')],
    ['a community manager', caller('cara', 'community-managers')],
    ['nobody signed in', undefined],
  ])('%s reads the reason code, never the rule', (_who, reader) => {
    expect(asSeenBy(rejected, reader).moderation).toEqual({ reasonCode: 'blocked-term', rule: null });
  });

  it.each([
    ['a moderator', caller('mo', 'moderators')],
    ['a senior moderator', caller('sam', 'senior-moderators')],
  ])('%s reads the rule', (_who, reader) => {
    expect(asSeenBy(rejected, reader)).toBe(rejected);
  });

  it('leaves content without a note as it is', () => {
    const published: { postId: string; moderation?: typeof rejected.moderation } = { postId: 'p2' };
    expect(asSeenBy(published, caller('bob', 'members'))).toBe(published);
  });
});
