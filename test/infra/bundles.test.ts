/**
 * Bundle smoke test: the bundles the synth builds (NodejsFunction with CHORUS_BUNDLING: minified
 * ESM, SDK included) load and answer in a fresh Node process that has exactly the environment
 * variables the template gives the function, plus what the Lambda runtime adds. Each event needs no
 * network: a health check, the caller's own profile, or a request whose path parameters fail
 * validation (handlers validate before any I/O).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROUTE_GROUPS, routeById, type OperationId, type RouteGroup } from '../../lambdas/api/routes';
import { CHORUS_BUNDLING, UNREACHED_CREDENTIAL_SOURCES } from '../../lib/constructs/chorus-function';
import type { ChorusStack } from '../../lib/chorus-stack';
import { logicalIdOf, synthChorus, TEST_SERVICE_VERSION } from './stack';

const run = promisify(execFile);

interface Smoke {
  readonly operationId: OperationId;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly status: number;
}

/** One event per group; the Record type makes a new group fail to compile until it has one. */
const SMOKE: Record<RouteGroup, Smoke> = {
  public: { operationId: 'getHealth', pathParameters: {}, status: 200 },
  members: { operationId: 'getMe', pathParameters: {}, status: 200 },
  communities: { operationId: 'getCommunity', pathParameters: { communityId: 'X' }, status: 400 },
  posts: { operationId: 'getPost', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  comments: { operationId: 'listComments', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  reactions: { operationId: 'addReaction', pathParameters: { postId: 'not-a-ulid', reaction: 'like' }, status: 400 },
  events: { operationId: 'recordEvents', pathParameters: {}, status: 400 },
  moderation: { operationId: 'getModerationItem', pathParameters: { itemId: 'not-an-item' }, status: 400 },
  finance: { operationId: 'getCosts', pathParameters: {}, status: 403 },
};

/** What API Gateway's JWT authorizer hands over for a member's access token (claims as strings). */
const SMOKE_CLAIMS = { sub: 'smoke', 'cognito:groups': '[members]', token_use: 'access', username: 'smoke' };

/** Bundles grow with every dependency; past this, cold starts suffer. Raise it deliberately. */
const BUNDLE_BUDGET_BYTES = 1_500_000;

function eventFor(smoke: Smoke) {
  const route = routeById(smoke.operationId);
  const rawPath = Object.entries(smoke.pathParameters).reduce((path, [name, value]) => path.replace(`{${name}}`, encodeURIComponent(value)), route.path);
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString: '',
    headers: { accept: 'application/json', host: 'api.example.com', 'user-agent': 'chorus-smoke' },
    ...(Object.keys(smoke.pathParameters).length ? { pathParameters: smoke.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'smoke',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'chorus-smoke' },
      requestId: 'smoke-request',
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1767225600000,
      ...(route.public ? {} : { authorizer: { jwt: { claims: SMOKE_CLAIMS, scopes: null } } }),
    },
    isBase64Encoded: false,
  };
}

/** Imports a bundle, invokes its handler once, writes the result as JSON to a file. */
const RUNNER = `
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [bundle, eventFile, resultFile] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const context = {
  functionName: 'chorus-smoke', functionVersion: '$LATEST', memoryLimitInMB: '1024',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:chorus-smoke',
  awsRequestId: 'smoke-request', logGroupName: '/aws/lambda/chorus-smoke', logStreamName: 'smoke',
  callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000,
};
const result = await handler(JSON.parse((await import('node:fs')).readFileSync(eventFile, 'utf8')), context);
writeFileSync(resultFile, JSON.stringify(result));
`;

let stack: ChorusStack;
let assemblyDir: string;
let template: { Resources: Record<string, { Properties: Record<string, any> }> };
const workDir = mkdtempSync(join(tmpdir(), 'chorus-smoke-'));
const sizes: Record<string, number> = {};

beforeAll(() => {
  const synthesized = synthChorus({ bundle: true });
  ({ stack, assemblyDir } = synthesized);
  template = synthesized.template.toJSON() as typeof template;
  writeFileSync(join(workDir, 'runner.mjs'), RUNNER);
}, 60_000);

afterAll(() => {
  console.log(`bundle sizes (bytes): ${JSON.stringify(sizes)}`);
  for (const dir of [assemblyDir, workDir]) rmSync(dir, { recursive: true, force: true });
});

/** The function's bundle as the synth wrote it, and its environment with table names filled in. */
function deployedFunction(group: RouteGroup) {
  const props = template.Resources[logicalIdOf(stack.api.functions[group].function)]!.Properties;
  const assetHash = String(props.Code.S3Key).replace(/\.zip$/, '');
  const variables = Object.entries(props.Environment.Variables as Record<string, unknown>).map(([name, value]) => [
    name,
    typeof value === 'string' ? value : `chorus-smoke-${name.toLowerCase()}`,
  ]);
  return { bundle: join(assemblyDir, `asset.${assetHash}`, 'index.mjs'), environment: Object.fromEntries(variables) as Record<string, string> };
}

test('bundles are minified ESM with source maps and the SDK inside, less the credential sources Lambda never reaches', () => {
  expect(CHORUS_BUNDLING).toMatchObject({ format: 'esm', minify: true, sourceMap: true });
  expect(CHORUS_BUNDLING.externalModules).toEqual([...UNREACHED_CREDENTIAL_SOURCES]);
  // Only providers the default chain imports lazily, after the environment provider Lambda satisfies.
  expect(UNREACHED_CREDENTIAL_SOURCES.every((m) => /credential-provider-(sso|ini|process|web-identity|http|imds)$/.test(m))).toBe(true);
  const { bundle } = deployedFunction('posts');
  expect(statSync(`${bundle}.map`).size).toBeGreaterThan(0);
  const code = readFileSync(bundle, 'utf8');
  expect(code.startsWith(CHORUS_BUNDLING.banner)).toBe(true);
  expect(code).toContain('DynamoDBClient');
  expect(code).toContain('AWS_SECRET_ACCESS_KEY');
  for (const external of UNREACHED_CREDENTIAL_SOURCES) expect(code).toContain(`import("${external}")`);
});

test.each(ROUTE_GROUPS)('the %s bundle loads and answers its smoke event in a fresh Node process', async (group) => {
  const smoke = SMOKE[group];
  const { bundle, environment } = deployedFunction(group);
  sizes[group] = statSync(bundle).size;
  expect(sizes[group]).toBeLessThan(BUNDLE_BUDGET_BYTES);
  const eventFile = join(workDir, `${group}.event.json`);
  const resultFile = join(workDir, `${group}.result.json`);
  writeFileSync(eventFile, JSON.stringify(eventFor(smoke)));

  const { stdout, stderr } = await run(process.execPath, [join(workDir, 'runner.mjs'), bundle, eventFile, resultFile], {
    cwd: workDir,
    env: {
      PATH: process.env.PATH ?? '',
      // What the Lambda runtime sets; no credentials, so any AWS call would fail the test.
      AWS_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'chorus-smoke',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
      ...environment,
    },
    timeout: 20_000,
  });

  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { statusCode: number; headers: Record<string, string>; body?: string };
  // Powertools logs JSON lines; an ERROR line says why a 500 happened.
  const loggedErrors = `${stdout}\n${stderr}`
    .split('\n')
    .filter((line) => line.includes('"level":"ERROR"'))
    .map((line) => (JSON.parse(line) as { error?: { message?: string } }).error?.message ?? line);
  expect({ status: result.statusCode, loggedErrors }).toEqual({ status: smoke.status, loggedErrors: [] });
  if (smoke.status === 400) {
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body!)).toMatchObject({ status: 400 });
  }
  if (group === 'public') expect(JSON.parse(result.body!)).toMatchObject({ status: 'ok', version: TEST_SERVICE_VERSION });
  if (group === 'members') expect(JSON.parse(result.body!)).toMatchObject({ memberId: 'smoke', groups: ['members'] });
}, 30_000);
