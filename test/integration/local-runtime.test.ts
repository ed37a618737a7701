/**
 * What the local runtime answers itself, as API Gateway would: public routes without a token, the
 * JWT authorizer's 401s, 404/405 from the route table, 413, CORS preflight; plus its local-only
 * pages (Swagger UI, the issuer's JWKS). Only meaningful against the local runtime.
 */
import { SignJWT, createLocalJWKSet, generateKeyPair, jwtVerify } from 'jose';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { findFreePort, waitUntil } from '../../local/ports';
import { api, baseUrl, tokenFor } from './support/api';

const issuerFile = process.env.CHORUS_ISSUER_FILE;
const describeLocal = issuerFile ? describe : describe.skip;

const expectProblem = (res: { status: number; headers: Headers; body: any }, status: number, detail: RegExp) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
  expect(res.body.detail).toMatch(detail);
};

/** A token with the local issuer's claims, signed by `sign` (default: the local issuer's key). */
async function localToken(options: { issuedAt?: Date; ttlSeconds?: number; foreignKey?: boolean } = {}): Promise<string> {
  const { openLocalIssuer } = await import('../../local/local-issuer');
  const issuer = await openLocalIssuer({ file: issuerFile!, baseUrl: baseUrl() });
  if (!options.foreignKey) return issuer.mintToken({ user: 'alice', groups: ['members'], ...options });
  const { privateKey } = await generateKeyPair('RS256');
  const kid = issuer.jwks().keys[0]!.kid!;
  return new SignJWT({ token_use: 'access', client_id: issuer.clientId, username: 'alice', 'cognito:groups': ['members'] })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject('forged')
    .setIssuer(issuer.issuer)
    .setAudience(issuer.clientId)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

describeLocal('local runtime', () => {
  it('answers the public health route without a token', async () => {
    const res = await api().get('/v1/health');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
    expect(res.headers.get('apigw-requestid')).toMatch(/\S+/);
  });

  it('refuses a protected route without a token with 401 problem+json', async () => {
    expectProblem(await api().get('/v1/me'), 401, /missing bearer token/);
  });

  it('refuses a token that is not a JWT', async () => {
    expectProblem(await api('not-a-jwt').get('/v1/me'), 401, /well-formed JWT/);
  });

  it('refuses a token signed by another key', async () => {
    expectProblem(await api(await localToken({ foreignKey: true })).get('/v1/me'), 401, /signature/);
  });

  it('refuses an expired token, saying so', async () => {
    const expired = await localToken({ issuedAt: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 3600 });

    expectProblem(await api(expired).get('/v1/me'), 401, /expired/);
  });

  it('passes a valid token on, with cognito:groups flattened as API Gateway does and read back by the handler', async () => {
    const res = await api(await tokenFor('fin-and-mo', ['moderators', 'finance'])).get('/v1/me');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'fin-and-mo', groups: expect.arrayContaining(['moderators', 'finance']) });
    expect(res.body.groups).toHaveLength(2);
  });

  it('answers an unknown path with 404 problem+json', async () => {
    expectProblem(await api().get('/v1/no-such-thing'), 404, /no route matches GET \/v1\/no-such-thing/);
  });

  it('answers a known path with a wrong method with 405 and Allow', async () => {
    const res = await api().delete('/v1/health');

    expectProblem(res, 405, /does not support DELETE/);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it("refuses a body over API Gateway's 10 MB with 413 problem+json", async () => {
    const token = await tokenFor('alice', ['members']);
    const res = await api(token).post('/v1/communities', 'x'.repeat(10 * 1024 * 1024 + 1));

    expectProblem(res, 413, /at most 10485760 bytes/);
  });

  it('answers a CORS preflight from a localhost origin and exposes ETag, Location, Retry-After', async () => {
    const res = await fetch(`${baseUrl()}/v1/me`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    const actual = await api().get('/v1/health', { origin: 'http://localhost:5173' });

    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization');
    expect(actual.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(actual.headers.get('access-control-expose-headers')).toBe('ETag,Location,Retry-After');
  });

  it('serves Swagger UI at /docs, loading the OpenAPI document', async () => {
    const page = await fetch(`${baseUrl()}/docs`);
    const initializer = await fetch(`${baseUrl()}/docs/swagger-initializer.js`);
    const bundle = await fetch(`${baseUrl()}/docs/swagger-ui-bundle.js`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('swagger-ui');
    expect(await initializer.text()).toContain('"/v1/openapi.json"');
    expect(bundle.status).toBe(200);
    await bundle.arrayBuffer();
  });

  it('serves the JWKS that verifies the tokens it accepts', async () => {
    const res = await api().get('/local-issuer/.well-known/jwks.json');
    const token = await tokenFor('alice', ['members']);

    expect(res.status).toBe(200);
    const { payload } = await jwtVerify(token, createLocalJWKSet(res.body), { issuer: `${baseUrl()}/local-issuer` });
    expect(payload).toMatchObject({ token_use: 'access', scope: 'aws.cognito.signin.user.admin', username: 'alice', 'cognito:groups': ['members'] });
    // As in a Cognito access token: the app client is named by client_id, there is no aud.
    expect(payload.client_id).toBe(JSON.parse(await readFile(issuerFile!, 'utf8')).clientId);
    expect(payload.aud).toBeUndefined();
    expect(JSON.parse(await readFile(issuerFile!, 'utf8')).publicJwk.kid).toBe(res.body.keys[0].kid);
  });
});

/** True while `pid` runs; a zombie (exited, not yet reaped by init) does not count. */
async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const gone = (pid: number, port: number) =>
  waitUntil(`java ${pid} to exit`, async () => !(await isRunning(pid)) && !(await answers(port)), { timeoutMs: 10_000 });

describeLocal('DynamoDB Local process lifecycle', () => {
  it('stop() leaves no java process and frees the port', async () => {
    const port = await findFreePort();
    const dynamo = await startDynamoDbLocal({ port, region: 'us-east-1', portHint: 'DYNAMODB_LOCAL_PORT' });
    expect(await isRunning(dynamo.pid)).toBe(true);

    await dynamo.stop();

    expect(await isRunning(dynamo.pid)).toBe(false);
    expect(await answers(port)).toBe(false);
  }, 30_000);

  it('kills java when the Node process that started it is killed with SIGKILL', async () => {
    const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
    const port = await findFreePort();
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { startDynamoDbLocal } from './local/dynamodb-local.ts';
         const dynamo = await startDynamoDbLocal({ port: ${port}, region: 'us-east-1', portHint: 'X' });
         console.log(JSON.stringify({ pid: dynamo.pid }));
         setInterval(() => {}, 60_000);`,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const javaPid = await new Promise<number>((resolve, reject) => {
      parent.stdout!.on('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { pid: number }).pid));
      parent.once('exit', (code) => reject(new Error(`the parent exited early with ${code}`)));
    });
    expect(await isRunning(javaPid)).toBe(true);

    parent.kill('SIGKILL');

    await expect(gone(javaPid, port)).resolves.toBeUndefined();
  }, 30_000);
});
