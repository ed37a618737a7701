import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { LOCAL_CLIENT_ID, TokenRejectedError, openLocalIssuer, subjectFor } from '../../../local/local-issuer';
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
      client_id: LOCAL_CLIENT_ID,
      aud: LOCAL_CLIENT_ID,
      username: 'mo',
      iss: 'http://localhost:3000/local-issuer',
      iat: 1_700_000_000,
      exp: 1_700_000_060,
    });
    expect(claims.jti).toEqual(expect.any(String));
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

    await expect(mine.verify(await theirs.mintToken({ user: 'a' }))).rejects.toThrow(/signature/);
  });

  it('says to start fresh when the key file is corrupt', async () => {
    const file = join(dir, 'issuer.json');
    await writeFile(file, '{ not json');

    await expect(openLocalIssuer({ file, baseUrl: 'http://localhost:3000' })).rejects.toThrow(LocalRuntimeError);
    await expect(openLocalIssuer({ file, baseUrl: 'http://localhost:3000' })).rejects.toThrow(/start fresh/);
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });
});
