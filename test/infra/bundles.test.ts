/**
 * Bundle smoke test: every bundle the synth builds (NodejsFunction with CHORUS_BUNDLING: minified
 * ESM, SDK included) stays within its size budget, and loads and answers in a fresh Node process
 * that has exactly the environment variables the template gives the function, plus what the Lambda
 * runtime adds. Each event needs no network: a health check, the caller's own profile, a request
 * whose path parameters fail validation (handlers validate before any I/O), a stream record that is
 * no domain event, an empty queue batch.
 *
 * Bundles are found in the template, not through the constructs: each Lambda function whose asset
 * holds an index.mjs, named after the one entry file (lambdas/handlers/<name>.ts) its source map lists.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openApiDocument } from '../../lambdas/api/openapi';
import { ROUTE_GROUPS, type OperationId, type RouteGroup, routeById } from '../../lambdas/api/routes';
import { CHORUS_BUNDLING, UNREACHED_CREDENTIAL_SOURCES } from '../../lib/constructs/chorus-function';
import { synthChorus, TEST_SERVICE_VERSION } from './stack';

const run = promisify(execFile);

type BundleName =
  | RouteGroup
  | 'publisher'
  | 'archiver'
  | 'compactor'
  | 'ledger-measures'
  | 'notifier'
  | 'post-confirmation'
  | 'pre-token-generation'
  | 'ideas-worker'
  | 'live-authorizer'
  | 'live'
  | 'live-queue-counts'
  | 'member-data';

/** 300 KB (1 KB = 1000 bytes, as BENCHMARKS.md counts): what every bundle must come down to. */
const TARGET_BYTES = 300_000;

/**
 * The most bytes each bundle's index.mjs may have. A bundle at or under the target has the target; one
 * above it is held at its size when its budget was last set + 5 %. The comment beside each budget is the
 * size it was set from.
 * This is a ratchet: a number here only ever goes down. When a bundle shrinks, lower its budget to its
 * new size + 5 % (or to the target once it meets it); never raise one to make this test pass. The
 * three raised on 2026-11-30 were raised in the commit that added what they carry, which says why.
 * Lowered on 2026-11-30 (issue 11): schemas on zod/mini, the confusables data compact, the public
 * function's OpenAPI document generated at build time, reactions with their own store adapter.
 */
const BUDGET_BYTES: Readonly<Record<BundleName, number>> = {
  public: TARGET_BYTES, // 80_223
  // Raised once, on purpose (issue 15): the members group now keeps member states, sanctions and records (the
  // DynamoDB client), queues export and erasure jobs (the SQS client) and signs archive URLs (the S3 client and
  // presigner). Set from the merged size + 5 %.
  members: 555_428, // 528_979 + 5 %
  communities: 373_678, // 355_884 + 5 % (was 431_552)
  // Raised at the merge of issues 12-16 (2026-11-30), by what each bundle then carried: posts enter questions in the
  // response desk in their create transaction and show an idea's votes and the reader's reactions (desk, ideas).
  posts: 458_569, // 436_732 + 5 % (was 421_494: 401_423 + 5 %)
  // Raised at the merge of issue 15 (2026-11-30): every group checks its caller's sanctions (the member store).
  comments: 431_538, // 410_988 + 5 % (was 407_787)
  // Raised at the merge of issue 15 (2026-11-30): every group checks its caller's sanctions (the member store).
  reactions: 320_064, // 304_822 + 5 % (was the target: 284_984)
  ideas: 371_750, // 354_048 + 5 % (2026-11-30, its first build: votes, boards, merges, the store of ideas)
  // Raised once, on purpose, not to pass: the events function now reads the table (each event checked against
  // the post it names, issue 10 § 3) and keeps each member's rate window (issue 10 § 5), so it carries the
  // DynamoDB client (+58 KB: client, document client, store).
  // Raised at the merge of issue 15 (2026-11-30): every group checks its caller's sanctions (the member store).
  events: 372_663, // 354_917 + 5 % (was 349_249)
  // Raised at the same merge: approving held content enters it in the desk; the leased queue is shared with the desk.
  moderation: 443_503, // 422_383 + 5 % (was 415_077: 395_312 + 5 %)
  // Raised once, on purpose: the finance function now reads the table for the ledger (a community's opening,
  // its audit by period; issue 16), so it carries the DynamoDB client and the ledger's use case. Set from its
  // size on zod/mini (414_421 on classic zod).
  finance: 370_729, // 353_075 + 5 % (was 341_029: 324_790 + 5 %)
  publisher: TARGET_BYTES, // 264_149 (was 341_551)
  // Raised at the same merge: the archiver writes actor_id as a keyed pseudonym, reading each member's key (issue 15).
  archiver: 527_516, // 502_396 + 5 % (was 446_966)
  compactor: 585_494, // 557_613 + 5 % (a daily job, not on a request path: the S3 client with list/get/delete, hyparquet's reader and writer)
  'post-confirmation': TARGET_BYTES, // 217_200
  // Issue 16's scheduled job: the Athena client (kept out of the finance bundle), DynamoDB, the ledger's measures SQL.
  'ledger-measures': TARGET_BYTES, // 294_035
  // Set when the group was added (issue 12): an HTTP group with the DynamoDB client, like reactions (306_539).
  // Raised at the same merge: read marks push the new unread count to the member's sockets (the Management API client).
  notifications: 374_357, // 356_530 + 5 % (was 321_831: 306_506 + 5 %)
  // Raised at the same merge: a new notification is pushed to the recipient's sockets (the Management API client).
  notifier: 362_714, // 345_441 + 5 % (was the target: 295_457)
  'live-authorizer': TARGET_BYTES, // 256_926
  live: TARGET_BYTES, // 288_362
  'live-queue-counts': TARGET_BYTES, // 289_925
  'pre-token-generation': TARGET_BYTES, // 431
  'ideas-worker': TARGET_BYTES, // 285_759
  // Issue 15's export and erasure worker: DynamoDB, S3 (archives) and the member-data registry.
  'member-data': 480_583, // 457_698 + 5 %
};

interface HttpSmoke {
  readonly operationId: OperationId;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly status: number;
}

/** One event per group; the Record type makes a new group fail to compile until it has one. */
const HTTP_SMOKE: Record<RouteGroup, HttpSmoke> = {
  public: { operationId: 'getHealth', pathParameters: {}, status: 200 },
  // GET /v1/me reads the caller's state now (trust, sanctions): a malformed id is refused before any AWS call.
  members: { operationId: 'appealSanction', pathParameters: { sanctionId: 'not-a-ulid' }, status: 400 },
  communities: { operationId: 'getCommunity', pathParameters: { communityId: 'X' }, status: 400 },
  posts: { operationId: 'getPost', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  comments: { operationId: 'listComments', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  reactions: { operationId: 'addReaction', pathParameters: { postId: 'not-a-ulid', reaction: 'like' }, status: 400 },
  ideas: { operationId: 'voteForIdea', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  events: { operationId: 'recordEvents', pathParameters: {}, status: 400 },
  moderation: { operationId: 'getModerationItem', pathParameters: { itemId: 'not-an-item' }, status: 400 },
  finance: { operationId: 'getCosts', pathParameters: {}, status: 403 },
  notifications: { operationId: 'follow', pathParameters: { targetType: 'nothing', targetId: 'x' }, status: 400 },
};

/** What API Gateway's JWT authorizer hands over for a member's access token (claims as strings). */
const SMOKE_CLAIMS = { sub: 'smoke', 'cognito:groups': '[members]', token_use: 'access', username: 'smoke' };

function httpEventFor(smoke: HttpSmoke) {
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

/** A committed write of a rate-window item: the publisher unmarshalls it and finds no domain event in it, so it queues nothing. */
const STREAM_EVENT = {
  Records: [
    {
      eventID: 'smoke-1',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      dynamodb: {
        ApproximateCreationDateTime: 1767225600,
        Keys: { pk: { S: 'RATE#post#smoke#smoke' }, sk: { S: 'WINDOW#1767225600' } },
        NewImage: { pk: { S: 'RATE#post#smoke#smoke' }, sk: { S: 'WINDOW#1767225600' }, hits: { N: '1' } },
        SequenceNumber: '100',
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    },
  ],
};

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
writeFileSync(resultFile, JSON.stringify(result ?? null));
`;

interface Bundle {
  readonly file: string;
  readonly environment: Readonly<Record<string, string>>;
}

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

let assemblyDir: string;
const bundles = new Map<string, Bundle>();
const workDir = mkdtempSync(join(tmpdir(), 'chorus-smoke-'));
const sizes: Record<string, number> = {};

/** The entry file a bundle was built from, read from its source map: lambdas/handlers/<name>.ts. */
function entryNameOf(file: string): string {
  const { sources } = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
  const entries = sources.flatMap((source) => /lambdas\/handlers\/([a-z-]+)\.ts$/.exec(source)?.[1] ?? []);
  if (entries.length !== 1)
    throw new Error(`${file} should come from one lambdas/handlers/*.ts entry, its source map lists ${entries.length}: ${entries.join(', ')}`);
  return entries[0] as string;
}

beforeAll(() => {
  const synthesized = synthChorus({ bundle: true });
  assemblyDir = synthesized.assemblyDir;
  const template = synthesized.template.toJSON() as Template;
  for (const { Type, Properties: props } of Object.values(template.Resources)) {
    if (Type !== 'AWS::Lambda::Function' || typeof props.Code?.S3Key !== 'string') continue;
    const file = join(assemblyDir, `asset.${props.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
    if (!existsSync(file)) continue;
    // Table and queue names are references in the template: any string stands in for them.
    const variables = Object.entries((props.Environment?.Variables ?? {}) as Record<string, unknown>).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : `chorus-smoke-${name.toLowerCase()}`,
    ]);
    bundles.set(entryNameOf(file), { file, environment: Object.fromEntries(variables) });
  }
  writeFileSync(join(workDir, 'runner.mjs'), RUNNER);
}, 120_000);

afterAll(() => {
  console.log(`bundle sizes (bytes): ${JSON.stringify(sizes)}`);
  for (const dir of [assemblyDir, workDir]) rmSync(dir, { recursive: true, force: true });
});

function bundleOf(name: BundleName): Bundle {
  const bundle = bundles.get(name);
  if (!bundle) throw new Error(`no bundle built from lambdas/handlers/${name}.ts in the template; bundles found: ${[...bundles.keys()].join(', ')}`);
  return bundle;
}

/** Runs a bundle's handler once on `event`; the result and the ERROR lines Powertools logged (which say why a 500 happened). */
async function invoke(name: BundleName, event: unknown) {
  const { file, environment } = bundleOf(name);
  const eventFile = join(workDir, `${name}.event.json`);
  const resultFile = join(workDir, `${name}.result.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  const { stdout, stderr } = await run(process.execPath, [join(workDir, 'runner.mjs'), file, eventFile, resultFile], {
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
  const loggedErrors = `${stdout}\n${stderr}`
    .split('\n')
    .filter((line) => line.includes('"level":"ERROR"'))
    .map((line) => (JSON.parse(line) as { error?: { message?: string } }).error?.message ?? line);
  return { result: JSON.parse(readFileSync(resultFile, 'utf8')) as Record<string, any>, loggedErrors };
}

test('the template builds exactly the bundles that have a budget: every API group, the pipeline and live functions, the ideas worker and the two user pool triggers', () => {
  expect([...bundles.keys()].sort()).toEqual(Object.keys(BUDGET_BYTES).sort());
  expect(Object.keys(BUDGET_BYTES).sort()).toEqual(
    [
      ...ROUTE_GROUPS,
      'publisher',
      'archiver',
      'compactor',
      'ledger-measures',
      'notifier',
      'post-confirmation',
      'pre-token-generation',
      'ideas-worker',
      'live-authorizer',
      'live',
      'live-queue-counts',
      'member-data',
    ].sort(),
  );
});

test.each(Object.entries(BUDGET_BYTES))('the %s bundle stays within its budget of %i bytes', (name, budget) => {
  sizes[name] = statSync(bundleOf(name as BundleName).file).size;

  expect(sizes[name]).toBeLessThanOrEqual(budget);
});

test('bundles are minified ESM with source maps and the SDK inside, less the credential sources Lambda never reaches', () => {
  expect(CHORUS_BUNDLING).toMatchObject({ format: 'esm', minify: true, sourceMap: true });
  expect(CHORUS_BUNDLING.externalModules).toEqual([...UNREACHED_CREDENTIAL_SOURCES]);
  // Only providers the default chain imports lazily, after the environment provider Lambda satisfies.
  expect(UNREACHED_CREDENTIAL_SOURCES.every((m) => /credential-provider-(sso|ini|process|web-identity|http|imds)$/.test(m))).toBe(true);
  const { file } = bundleOf('posts');
  expect(statSync(`${file}.map`).size).toBeGreaterThan(0);
  const code = readFileSync(file, 'utf8');
  expect(code.startsWith(CHORUS_BUNDLING.banner)).toBe(true);
  expect(code).toContain('DynamoDBClient');
  expect(code).toContain('AWS_SECRET_ACCESS_KEY');
  for (const external of UNREACHED_CREDENTIAL_SOURCES) expect(code).toContain(`import("${external}")`);
});

test.each(ROUTE_GROUPS)(
  'the %s bundle loads and answers its smoke request in a fresh Node process',
  async (group) => {
    const smoke = HTTP_SMOKE[group];

    const { result, loggedErrors } = await invoke(group, httpEventFor(smoke));

    expect({ status: result.statusCode, loggedErrors }).toEqual({ status: smoke.status, loggedErrors: [] });
    if (smoke.status === 400) {
      expect(result.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(result.body)).toMatchObject({ status: 400 });
    }
    if (group === 'public') expect(JSON.parse(result.body)).toMatchObject({ status: 'ok', version: TEST_SERVICE_VERSION });
  },
  30_000,
);

test('the public bundle serves the document generated from the route table at build time, and carries neither its schemas nor the generator', async () => {
  const { result, loggedErrors } = await invoke('public', httpEventFor({ operationId: 'getOpenApi', pathParameters: {}, status: 200 }));

  expect({ status: result.statusCode, loggedErrors }).toEqual({ status: 200, loggedErrors: [] });
  expect(JSON.parse(result.body)).toEqual(openApiDocument(TEST_SERVICE_VERSION));
  const code = readFileSync(bundleOf('public').file, 'utf8');
  // A rule of the posts group's schemas, and words of the generator (lambdas/api/openapi.ts): neither is in the bundle.
  expect(code).not.toContain('a patch must change at least one of');
  expect(code).not.toContain('Besides the schemas:');
}, 30_000);

test('the publisher bundle loads and passes over a stream record that is no domain event, reporting no failure', async () => {
  const { result, loggedErrors } = await invoke('publisher', STREAM_EVENT);

  expect({ result, loggedErrors }).toEqual({ result: { batchItemFailures: [] }, loggedErrors: [] });
}, 30_000);

test('the member-data bundle loads and answers an empty batch with no failure', async () => {
  const { result, loggedErrors } = await invoke('member-data', { Records: [] });

  expect({ result, loggedErrors }).toEqual({ result: { batchItemFailures: [] }, loggedErrors: [] });
}, 30_000);

test('the archiver bundle loads and answers an empty batch with no failure', async () => {
  const { result, loggedErrors } = await invoke('archiver', { Records: [] });

  expect({ result, loggedErrors }).toEqual({ result: { batchItemFailures: [] }, loggedErrors: [] });
}, 30_000);

test('the compactor bundle loads and refuses a day that has not closed, calling nothing', async () => {
  await expect(invoke('compactor', { day: '2999-01-01' })).rejects.toThrow('day 2999-01-01 has not closed yet');
}, 30_000);

test('the ledger-measures bundle loads and refuses a community id that is no string, calling nothing; the finance bundle has no Athena client', async () => {
  await expect(invoke('ledger-measures', { communityId: 42 })).rejects.toThrow('communityId must be a string, got number');
  expect(readFileSync(bundleOf('ledger-measures').file, 'utf8')).toContain('StartQueryExecution');
  expect(readFileSync(bundleOf('finance').file, 'utf8')).not.toContain('StartQueryExecution');
}, 30_000);

test('the notifier bundle loads and answers an empty batch with no failure', async () => {
  const { result, loggedErrors } = await invoke('notifier', { Records: [] });

  expect({ result, loggedErrors }).toEqual({ result: { batchItemFailures: [] }, loggedErrors: [] });
}, 30_000);

test('the post-confirmation bundle loads and answers a confirmed password reset with its event, calling nothing', async () => {
  const event = {
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_smoke',
    userName: 'smoke',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'smoke' },
    triggerSource: 'PostConfirmation_ConfirmForgotPassword',
    request: { userAttributes: { sub: 'smoke', email: 'smoke@example.com' } },
    response: {},
  };

  const { result, loggedErrors } = await invoke('post-confirmation', event);

  expect({ result, loggedErrors }).toEqual({ result: event, loggedErrors: [] });
}, 30_000);

test('the live-authorizer bundle loads and refuses a handshake without a token with Unauthorized, fetching no keys', async () => {
  const handshake = { type: 'REQUEST', methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:smoke/live/$connect', headers: {}, requestContext: {} };

  await expect(invoke('live-authorizer', handshake)).rejects.toThrow(/Error: Unauthorized/);
}, 30_000);

test('the live bundle loads and refuses a $connect that no authorizer let through, calling nothing', async () => {
  const connect = { requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId: 'smoke=', connectedAt: 0 }, isBase64Encoded: false };

  await expect(invoke('live', connect)).rejects.toThrow(/carries no authorizer context/);
}, 30_000);

test('the live-queue-counts bundle loads and passes over a stream record that is not the backlog counters, pushing nothing', async () => {
  const { result, loggedErrors } = await invoke('live-queue-counts', STREAM_EVENT);

  expect({ result, loggedErrors }).toEqual({ result: null, loggedErrors: [] });
}, 30_000);
