import type { Comment } from '../../../../lambdas/api/schemas';
import {
  commentItem,
  commentKey,
  commentsList,
  createCommentTransaction,
  deleteCommentTransaction,
  moderateComment,
  toComment,
} from '../../../../lambdas/store/entities/comment';
import { described } from './fixtures';

const comment = (over: Partial<Comment> = {}): Comment => ({
  commentId: 'C2',
  postId: 'P',
  parentCommentId: null,
  depth: 0,
  status: 'published',
  body: 'yes',
  authorId: 'm',
  authorName: 'm',
  deleted: false,
  createdAt: 'now',
  ...over,
});

const on = { communityId: 'c', productIds: ['SKU-1'] };

describe('comment', () => {
  it("lives in its post's collection, so a thread is one partition", () => {
    expect(commentKey('P', 'C2')).toEqual({ pk: 'POST#P', sk: 'COMMENT#C2' });
    expect(commentsList('P').partition).toEqual({ attribute: 'pk', value: 'POST#P' });
  });

  it('maps back to the same comment, a reply and a held one included', () => {
    const held = comment({ status: 'held', moderation: { reasonCode: 'spam', rule: 'maxLinks' } });
    for (const c of [comment(), comment({ parentCommentId: 'C1', depth: 1 }), held]) expect(toComment(commentItem(c, on))).toEqual(c);
  });

  it('reads a comment stored before moderation existed as published', () => {
    const { status: _, ...legacy } = commentItem(comment(), on);
    expect(toComment(legacy).status).toBe('published');
  });

  it('refuses a malformed item, naming the attribute', () => {
    expect(() => toComment({ ...commentItem(comment(), on), deleted: 'no' })).toThrow(/attribute deleted must be a boolean, got string/);
  });

  it("a published comment is written with the post's count; a held one only checks the post", () => {
    expect(described(createCommentTransaction('t', comment(), on))).toEqual(['Put POST#P/COMMENT#C2', 'Update POST#P/POST']);
    expect(described(createCommentTransaction('t', comment({ status: 'held' }), on))).toEqual(['Put POST#P/COMMENT#C2', 'ConditionCheck POST#P/POST']);
  });

  it('a reply checks its parent in the same transaction', () => {
    expect(described(createCommentTransaction('t', comment({ parentCommentId: 'C1', depth: 1 }), on))[2]).toBe('ConditionCheck POST#P/COMMENT#C1');
  });

  it('deleting uncounts only a comment that counted', () => {
    expect(described(deleteCommentTransaction('t', comment(), 'later', 'm1'))).toEqual(['Update POST#P/COMMENT#C2', 'Update POST#P/POST']);
    expect(described(deleteCommentTransaction('t', comment({ status: 'held' }), 'later', 'm1'))).toEqual(['Update POST#P/COMMENT#C2']);
  });

  it("a moderator's decision moves the post's count only when the comment enters or leaves published", () => {
    const held = comment({ status: 'held' });
    expect(described({ TransactItems: moderateComment('t', held, comment(), 'mo', 'later') })).toEqual(['Update POST#P/COMMENT#C2', 'Update POST#P/POST']);
    expect(described({ TransactItems: moderateComment('t', held, comment({ status: 'rejected' }), 'mo', 'later') })).toEqual(['Update POST#P/COMMENT#C2']);
  });
});
