import { addReactionTransaction, reactionItem, reactionKey, removeReactionTransaction } from '../../../../lambdas/store/entities/reaction';
import { described } from './fixtures';

describe('reaction', () => {
  it('is one item per post, reaction and member, so a member reacts once', () => {
    expect(reactionKey('P', 'like', 'm1')).toEqual({ pk: 'POST#P', sk: 'REACTION#like#m1' });
    expect(reactionKey('P', 'love', 'm1')).not.toEqual(reactionKey('P', 'like', 'm1'));
    expect(reactionItem('P', 'like', 'm1', 'now', { communityId: 'c', productIds: [] })).toMatchObject({
      type: 'reaction',
      postId: 'P',
      reaction: 'like',
      memberId: 'm1',
      createdAt: 'now',
    });
  });

  it("is added and taken back together with the post's count", () => {
    expect(described(addReactionTransaction('t', 'P', 'like', 'm1', 'now', { communityId: 'c', productIds: [] }))).toEqual([
      'Put POST#P/REACTION#like#m1',
      'Update POST#P/POST',
    ]);
    expect(described(removeReactionTransaction('t', 'P', 'like', 'm1', new Date()))).toEqual(['Update POST#P/REACTION#like#m1', 'Update POST#P/POST']);
  });
});
