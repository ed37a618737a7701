/**
 * Who a token makes you, over HTTP: the local API Gateway refuses what API Gateway's JWT authorizer
 * refuses (an ID token, which lacks the access-token scope every protected route requires; a wrong
 * aud; a future iat; no exp; no kid), and a signed-in caller in no group reads but contributes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { type LocalIssuer, openLocalIssuer, subjectFor } from '../../local/local-issuer';
import { type ApiResponse, api, baseUrl, tokenFor, uniqueId } from './support/api';
import { member, openCommunity } from './support/fixtures';

const issuerFile = process.env.CHORUS_ISSUER_FILE;
// Forging tokens needs the local issuer's key: against a deployed stack these cannot run.
const describeLocal = issuerFile ? describe : describe.skip;
const SCOPE = 'aws.cognito.signin.user.admin';

const expectProblem = (res: ApiResponse, status: number, detail: RegExp) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
  expect(res.body.detail).toMatch(detail);
};

describeLocal('tokens the local API Gateway refuses, as the JWT authorizer does', () => {
  let issuer: LocalIssuer;
  /** A good access token's claims for a member, now: each test breaks one rule. */
  const accessClaims = (): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    const user = uniqueId('token-rules');
    return {
      sub: subjectFor(user),
      iss: issuer.issuer,
      client_id: issuer.clientId,
      token_use: 'access',
      scope: SCOPE,
      username: user,
      'cognito:groups': ['members'],
      iat: now - 60,
      exp: now + 3600,
      jti: randomUUID(),
    };
  };

  beforeAll(async () => {
    issuer = await openLocalIssuer({ file: issuerFile!, baseUrl: baseUrl() });
  });

  it('accepts the same claims unbroken (so each refusal below is its one rule)', async () => {
    const res = await api(await issuer.sign(accessClaims())).get('/v1/me');

    expect(res.status).toBe(200);
  });

  it('refuses an ID token: it lacks the access-token scope the route requires (403 insufficient_scope)', async () => {
    const idToken = await issuer.mintToken({ user: uniqueId('id-token'), groups: ['members'], tokenUse: 'id' });

    const res = await api(idToken).get('/v1/me');

    expectProblem(res, 403, /insufficient scope: .*include none of aws\.cognito\.signin\.user\.admin \(an ID token: send the access token instead\)/);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer scope="${SCOPE}" error="insufficient_scope"`);
  });

  it('refuses an ID token on a write too, writing nothing', async () => {
    const { communityId } = await openCommunity('id-token');
    const idToken = await issuer.mintToken({ user: uniqueId('id-token'), groups: ['members'], tokenUse: 'id' });

    expectProblem(await api(idToken).post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 't', body: 'b' }), 403, /ID token/);
    expect((await (await member('reader')).get(`/v1/communities/${communityId}/posts`)).body.items).toEqual([]);
  });

  it('refuses a wrong aud even when client_id matches (401)', async () => {
    const res = await api(await issuer.sign({ ...accessClaims(), aud: 'another-app-client' })).get('/v1/me');

    expectProblem(res, 401, /invalid bearer token: the token's audience is another-app-client, expected chorus-local-app-client/);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer scope="${SCOPE}" error="invalid_token"`);
  });

  it('refuses an iat in the future (401)', async () => {
    const future = Math.floor(Date.now() / 1000) + 600;

    expectProblem(await api(await issuer.sign({ ...accessClaims(), iat: future })).get('/v1/me'), 401, /the token was issued at .* after now/);
  });

  it('refuses a token without exp (401)', async () => {
    const { exp: _, ...neverExpiring } = accessClaims();

    expectProblem(await api(await issuer.sign(neverExpiring)).get('/v1/me'), 401, /the token has no exp claim/);
  });

  it('refuses a token without kid (401)', async () => {
    expectProblem(await api(await issuer.sign(accessClaims(), { kid: undefined })).get('/v1/me'), 401, /header has no kid/);
  });
});

describe('a signed-in caller in no group reads but contributes nothing', () => {
  it('reads who they are, communities, feeds and posts', async () => {
    const [{ communityId }, author] = await Promise.all([openCommunity('groupless-read'), member('author')]);
    const post = (await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Hello', body: 'Read me' })).body;
    const reader = api(await tokenFor(uniqueId('groupless'), []));

    const me = await reader.get('/v1/me');

    expect(me.status).toBe(200);
    expect(me.body.groups).toEqual([]);
    expect((await reader.get(`/v1/communities/${communityId}`)).status).toBe(200);
    expect((await reader.get(`/v1/communities/${communityId}/posts`)).body.items).toEqual([expect.objectContaining({ postId: post.postId })]);
    expect((await reader.get(`/v1/posts/${post.postId}`)).status).toBe(200);
    expect((await reader.get(`/v1/posts/${post.postId}/comments`)).status).toBe(200);
  });

  it('is refused every contribution with 403 problem+json naming the members group, and nothing is written', async () => {
    const [{ communityId }, author] = await Promise.all([openCommunity('groupless-write'), member('author')]);
    const post = (await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Hello', body: 'Read me' })).body;
    const reader = api(await tokenFor(uniqueId('groupless'), []));
    const needsMembers = /in no group, so may read but not contribute: this needs the members group/;

    expectProblem(await reader.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 't', body: 'b' }), 403, needsMembers);
    expectProblem(await reader.post(`/v1/posts/${post.postId}/comments`, { body: 'hi' }), 403, needsMembers);
    expectProblem(await reader.put(`/v1/posts/${post.postId}/reactions/like`), 403, needsMembers);
    expectProblem(await reader.post(`/v1/posts/${post.postId}/reports`, { reasonCode: 'spam' }), 403, needsMembers);
    expectProblem(
      await reader.post('/v1/events', { events: [{ eventId: randomUUID(), type: 'post.viewed', occurredAt: new Date().toISOString(), postId: post.postId }] }),
      403,
      needsMembers,
    );

    expect((await author.get(`/v1/communities/${communityId}/posts`)).body.items).toHaveLength(1);
    expect((await author.get(`/v1/posts/${post.postId}/comments`)).body.items).toEqual([]);
    expect((await author.get(`/v1/posts/${post.postId}`)).body.reactionCounts?.like ?? 0).toBe(0);
  });

  it('contributes once in the members group', async () => {
    const { communityId } = await openCommunity('groupless-join');
    const user = uniqueId('joiner');

    const before = await api(await tokenFor(user, [])).post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 't', body: 'b' });
    const after = await api(await tokenFor(user, ['members'])).post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 't', body: 'b' });

    expect([before.status, after.status]).toEqual([403, 201]);
  });
});
