/**
 * Who a token makes you, over HTTP: the local API Gateway refuses what API Gateway's JWT authorizer
 * refuses (an ID token, which lacks the access-token scope every protected route requires; a wrong
 * aud; a future iat; no exp; no kid).
 */
import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { type LocalIssuer, openLocalIssuer, subjectFor } from '../../local/local-issuer';
import { type ApiResponse, api, baseUrl, uniqueId } from './support/api';
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
