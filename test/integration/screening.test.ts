/**
 * Screening as members and moderators meet it over HTTP: a disguised term is refused like the plain
 * one, and what an author is told about held or rejected content names the reason, never the term.
 * The matching itself is tabled in test/unit/moderation/screening.test.ts.
 */
import { member, openCommunity } from './support/fixtures';

/** A community blocking "scamcoin" and watching "refund", an author, a moderator, and a post to comment on. */
async function given() {
  const [{ communityId, manager }, alice, mo] = await Promise.all([openCommunity('screen'), member('alice'), member('mo', ['moderators'])]);
  const policy = await manager.put(`/v1/communities/${communityId}/moderation-policy`, { blockedTerms: ['scamcoin'], watchedTerms: ['refund'] });
  expect(policy.status).toBe(200);
  const target = await alice.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Tents', body: 'Which tent?' });
  expect(target.status).toBe(201);
  const comment = (body: string) => alice.post(`/v1/posts/${target.body.postId}/comments`, { body });
  const post = (body: string) => alice.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'A title', body });
  return { communityId, alice, mo, comment, post, postId: target.body.postId as string };
}

describe('blocked terms in disguise', () => {
  it('refuses a comment with the term in Cyrillic look-alikes, zero-width and bidi characters with the same 422 as the plain term', async () => {
    const { comment, alice, postId } = await given();
    // ѕ с а о are Cyrillic; a zero-width space, a soft hyphen and a right-to-left override sit inside.
    const disguised = 'Buy \u0455\u0441\u0430m\u200bc\u00ad\u043e\u202ein today';

    const plain = await comment('Buy scamcoin today');
    const homoglyph = await comment(disguised);

    expect(plain.status).toBe(422);
    expect(homoglyph.status).toBe(422);
    expect(homoglyph.headers.get('content-type')).toBe('application/problem+json');
    expect(homoglyph.body).toEqual(plain.body);
    expect(homoglyph.body.detail).toMatch(/blocked-term/);
    expect((await alice.get(`/v1/posts/${postId}/comments`)).body.items).toEqual([]);
  });

  it('rejects a post with the term in Greek and Cyrillic capitals like the plain term', async () => {
    const { post } = await given();

    const disguised = await post('only \u0405\u0421\u0391\u041cC\u039f\u0399N here');

    expect(disguised.status).toBe(201);
    expect(disguised.body).toMatchObject({ status: 'rejected', moderation: { reasonCode: 'blocked-term' } });
  });
});

describe('what an author is told', () => {
  it('names the reason of a rejected or held post, never the term; moderators see the rule', async () => {
    const { alice, mo, post } = await given();

    const rejected = await post('Get scamcoin now');
    const held = await post('I want a refund');
    const editedBack = await alice.patch(`/v1/posts/${held.body.postId}`, { body: 'I want a refund, please' }, { 'if-match': held.headers.get('etag')! });

    expect(rejected.body).toMatchObject({ status: 'rejected', moderation: { reasonCode: 'blocked-term', rule: null } });
    expect(held.body).toMatchObject({ status: 'held', moderation: { reasonCode: 'watched-term', rule: null } });
    expect(editedBack.body).toMatchObject({ status: 'held', moderation: { reasonCode: 'watched-term', rule: null } });
    expect((await alice.get(`/v1/posts/${rejected.body.postId}`)).body.moderation).toEqual({ reasonCode: 'blocked-term', rule: null });
    expect((await alice.get(`/v1/posts/${held.body.postId}`)).body.moderation).toEqual({ reasonCode: 'watched-term', rule: null });
    expect((await mo.get(`/v1/posts/${rejected.body.postId}`)).body.moderation).toEqual({ reasonCode: 'blocked-term', rule: 'blocked-term:scamcoin' });
    expect((await mo.get(`/v1/moderation/items/post-${held.body.postId}`)).body.rule).toBe('watched-term:refund');
  });

  it('names the reason of a held comment, never the term, in the answer and in the thread', async () => {
    const { alice, mo, comment, postId } = await given();

    const held = await comment('refund please');
    const thread = await alice.get(`/v1/posts/${postId}/comments`);

    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ status: 'held', moderation: { reasonCode: 'watched-term', rule: null } });
    expect(thread.body.items).toEqual([expect.objectContaining({ commentId: held.body.commentId, moderation: { reasonCode: 'watched-term', rule: null } })]);
    expect((await mo.get(`/v1/posts/${postId}/comments`)).body.items[0].moderation).toEqual({ reasonCode: 'watched-term', rule: 'watched-term:refund' });
  });
});
