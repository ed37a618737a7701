import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, type JWTPayload } from 'jose';
import { LOCAL_CLIENT_ID, type LocalIssuer, TokenRejectedError, openLocalIssuer, subjectFor } from '../../../local/local-issuer';
import { LocalRuntimeError } from '../../../local/local-runtime-error';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chorus-issuer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the local issuer', () => {
  it('mints access tokens with the claims Cognito puts in one', async () => {
    const issuer = await openLocalIssuer({ file: join(dir, 'issuer.json'), baseUrl: 'http://localhost:3000' });

    const claims = decodeJwt(await issuer.mintToken({ user: 'mo', groups: ['moderators'], ttlSeconds: 60, issuedAt: new Date(1_700_000_000_000) }));

    expect(claims).toMatchObject({
      sub: subjectFor('mo'),
      'cognito:groups': ['moderators'],
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      client_id: LOCAL_CLIENT_ID,
      username: 'mo',
      iss: 'http://localhost:3000/local-issuer',
      iat: 1_700_000_000,
      exp: 1_700_000_060,
    });
    // A Cognito access token names its client in client_id and has no aud.
    expect(claims.aud).toBeUndefined();
    expect(claims.jti).toEqual(expect.any(String));
  });

  it('mints ID tokens as Cognito does: addressed to the client (aud), with no scope', async () => {
    const issuer = await openLocalIssuer({ file: join(dir, 'issuer.json'), baseUrl: 'http://localhost:3000' });

    const claims = decodeJwt(await issuer.mintToken({ user: 'mo', groups: ['members'], tokenUse: 'id' }));

    expect(claims).toMatchObject({ token_use: 'id', aud: LOCAL_CLIENT_ID, 'cognito:username': 'mo', 'cognito:groups': ['members'] });
    expect(claims.scope).toBeUndefined();
    expect(claims.client_id).toBeUndefined();
  });

  it('derives a stable UUID subject from the user name', () => {
    expect(subjectFor('alice')).toBe(subjectFor('alice'));
    expect(subjectFor('alice')).not.toBe(subjectFor('bob'));
    expect(subjectFor('alice')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps its key in the file, so a second opening verifies the first one’s tokens', async () => {
    const file = join(dir, 'issuer.json');
    const token = await (await openLocalIssuer({ file, baseUrl: 'http://localhost:3000' })).mintToken({ user: 'alice' });

    const reopened = await openLocalIssuer({ file, baseUrl: 'http://localhost:3000' });

    await expect(reopened.verify(token)).resolves.toMatchObject({ username: 'alice' });
  });

  it('refuses an expired token, a token for another issuer URL and a malformed one, saying why', async () => {
    const file = join(dir, 'issuer.json');
    const issuer = await openLocalIssuer({ file, baseUrl: 'http://localhost:3000' });
    const elsewhere = await openLocalIssuer({ file, baseUrl: 'http://localhost:4000' });

    const expired = await issuer.mintToken({ user: 'a', ttlSeconds: 60, issuedAt: new Date(Date.now() - 3_600_000) });

    await expect(issuer.verify(expired)).rejects.toThrow(/expired at/);
    await expect(issuer.verify(await elsewhere.mintToken({ user: 'a' }))).rejects.toThrow(
      /issuer is http:\/\/localhost:4000\/local-issuer, expected http:\/\/localhost:3000\/local-issuer/,
    );
    await expect(issuer.verify('abc')).rejects.toThrow(TokenRejectedError);
  });

  it('refuses a token signed by another issuer’s key', async () => {
    const mine = await openLocalIssuer({ file: join(dir, 'a.json'), baseUrl: 'http://localhost:3000' });
    const theirs = await openLocalIssuer({ file: join(dir, 'b.json'), baseUrl: 'http://localhost:3000' });

    await expect(mine.verify(await theirs.mintToken({ user: 'a' }))).rejects.toThrow(/kid .* names no key of the local issuer's JWKS/);
  });

  it('says to start fresh when the key file is corrupt', async () => {
    const file = join(dir, 'issuer.json');
    await writeFile(file, '{ not json');

    await expect(openLocalIssuer({ file, baseUrl: 'http://localhost:3000' })).rejects.toThrow(LocalRuntimeError);
    await expect(openLocalIssuer({ file, baseUrl: 'http://localhost:3000' })).rejects.toThrow(/start fresh/);
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });
});

/**
 * One test per rule of API Gateway's JWT authorizer, each with a token that breaks only that rule:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
describe('the local issuer refuses what API Gateway’s JWT authorizer refuses', () => {
  const NOW = new Date('2026-11-30T12:00:00Z');
  const now = Math.floor(NOW.getTime() / 1000);
  const SCOPE = 'aws.cognito.signin.user.admin';
  const ISSUER = 'http://localhost:3000/local-issuer';
  let issuer: LocalIssuer;
  /** The claims of a good access token at NOW: each test breaks one. */
  const claims = (): JWTPayload => ({
    sub: subjectFor('alice'),
    iss: ISSUER,
    client_id: LOCAL_CLIENT_ID,
    token_use: 'access',
    scope: SCOPE,
    username: 'alice',
    iat: now - 60,
    exp: now + 3600,
  });
  const refusal = async (token: string, scopes: readonly string[] = [SCOPE]) => {
    const error = await issuer.verify(token, scopes).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof TokenRejectedError)) throw new Error(`expected a TokenRejectedError, got ${String(error)}`);
    return { reason: error.reason, message: error.message };
  };

  beforeEach(async () => {
    issuer = await openLocalIssuer({ file: join(dir, 'issuer.json'), baseUrl: 'http://localhost:3000', clock: () => NOW });
  });

  it('accepts a good access token with the route’s scope (the baseline every other test breaks once)', async () => {
    await expect(issuer.verify(await issuer.sign(claims()), [SCOPE])).resolves.toMatchObject({ username: 'alice' });
    await expect(issuer.verify(await issuer.mintToken({ user: 'alice', issuedAt: NOW }), [SCOPE])).resolves.toMatchObject({ username: 'alice' });
  });

  it('kid: refuses a token whose header names no key', async () => {
    await expect(refusal(await issuer.sign(claims(), { kid: undefined }))).resolves.toEqual({
      reason: 'invalid-token',
      message: "the token's header has no kid naming the key that signed it",
    });
  });

  it('kid: refuses a token whose kid is not in the JWKS', async () => {
    await expect(refusal(await issuer.sign(claims(), { kid: 'retired-key' }))).resolves.toMatchObject({
      message: expect.stringMatching(/kid retired-key names no key/),
    });
  });

  it('alg: refuses a token that is not RSA-signed', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: issuer.jwks().keys[0]!.kid, typ: 'JWT' })).toString('base64url');
    const unsigned = `${header}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;

    await expect(refusal(unsigned)).resolves.toMatchObject({ message: expect.stringMatching(/signed with none: only RSA signatures/) });
  });

  it('signature: refuses a token whose signature does not verify', async () => {
    const [header, , signature] = (await issuer.sign(claims())).split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims(), username: 'mallory' })).toString('base64url')}.${signature}`;

    await expect(refusal(forged)).resolves.toMatchObject({ message: expect.stringMatching(/signature does not verify/) });
  });

  it('iss: refuses another issuer', async () => {
    await expect(refusal(await issuer.sign({ ...claims(), iss: 'http://localhost:4000/local-issuer' }))).resolves.toMatchObject({
      message: expect.stringMatching(/issuer is http:\/\/localhost:4000\/local-issuer, expected/),
    });
  });

  it('aud: refuses a wrong aud even when client_id matches (aud decides when present)', async () => {
    await expect(refusal(await issuer.sign({ ...claims(), aud: 'another-app-client' }))).resolves.toEqual({
      reason: 'invalid-token',
      message: `the token's audience is another-app-client, expected ${LOCAL_CLIENT_ID}`,
    });
  });

  it('client_id: refuses a token without aud whose client_id is another app client', async () => {
    await expect(refusal(await issuer.sign({ ...claims(), client_id: 'another-app-client' }))).resolves.toMatchObject({
      message: `the token was issued to client another-app-client, expected ${LOCAL_CLIENT_ID}`,
    });
  });

  it('exp: refuses a token without exp', async () => {
    const { exp: _, ...neverExpiring } = claims();

    await expect(refusal(await issuer.sign(neverExpiring))).resolves.toMatchObject({ message: 'the token has no exp claim' });
  });

  it('exp: refuses a token at its expiry second, accepts it one second before', async () => {
    await expect(refusal(await issuer.sign({ ...claims(), exp: now }))).resolves.toMatchObject({
      message: expect.stringMatching(/expired at 2026-11-30T12:00:00.000Z/),
    });
    await expect(issuer.verify(await issuer.sign({ ...claims(), exp: now + 1 }), [SCOPE])).resolves.toBeDefined();
  });

  it('nbf: refuses a token not valid yet, accepts one valid from now', async () => {
    await expect(refusal(await issuer.sign({ ...claims(), nbf: now + 1 }))).resolves.toMatchObject({
      message: 'the token is not valid before 2026-11-30T12:00:01.000Z',
    });
    await expect(issuer.verify(await issuer.sign({ ...claims(), nbf: now }), [SCOPE])).resolves.toBeDefined();
  });

  it('iat: refuses a token issued in the future, accepts one issued now', async () => {
    await expect(refusal(await issuer.sign({ ...claims(), iat: now + 1 }))).resolves.toEqual({
      reason: 'invalid-token',
      message: 'the token was issued at 2026-11-30T12:00:01.000Z, after now (2026-11-30T12:00:00.000Z)',
    });
    await expect(issuer.verify(await issuer.sign({ ...claims(), iat: now }), [SCOPE])).resolves.toBeDefined();
  });

  it('scope: refuses a valid token that lacks the route’s scope, as insufficient scope', async () => {
    await expect(refusal(await issuer.sign({ ...claims(), scope: 'openid email' }))).resolves.toEqual({
      reason: 'insufficient-scope',
      message: `the token's scopes (openid email) include none of ${SCOPE}`,
    });
  });

  it('scope: refuses an ID token, which carries no scope, and says to send the access token', async () => {
    const idToken = await issuer.mintToken({ user: 'alice', groups: ['members'], tokenUse: 'id', issuedAt: NOW });

    await expect(refusal(idToken)).resolves.toEqual({
      reason: 'insufficient-scope',
      message: `the token's scopes (none) include none of ${SCOPE} (an ID token: send the access token instead)`,
    });
  });

  it('scope: checks no scope on a route that requires none', async () => {
    await expect(issuer.verify(await issuer.sign({ ...claims(), scope: undefined }), [])).resolves.toBeDefined();
  });
});
