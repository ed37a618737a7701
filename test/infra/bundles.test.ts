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
 * new size + 5 % (or to the target once it meets it); never raise one to make this test pass. A budget
 * raised on purpose is raised in the commit that adds what the bundle then carries, which says why.
 * Lowered on 2026-11-30 (issue 11): schemas on zod/mini, the confusables data compact, the public
 * function's OpenAPI document generated at build time, reactions with their own store adapter.
 * Lowered again on 2026-11-30 (issue 11, second pass): Idempotency-Key on conditional writes
 * (http/idempotency.ts) instead of Powertools idempotency and JMESPath (-41 KB in groups with idempotent
 * routes), a 1.6 KB logger (http/logger.ts) instead of Powertools' Logger (-20 KB everywhere), the sanction
 * check on a standing store of its own (-5 to -11 KB per group), communities and ideas on their own
 * adapters instead of the content store, aws-jwt-verify only in the authorizer (-17 KB in the live,
 * notifications and notifier bundles). What each bundle over the target still carries: BENCHMARKS.md § 1.
 * Lowered again on 2026-11-30 (issue 11, third pass): archive URLs signed without the S3 client (members
 * -184 KB), the worker's composition and registry apart from the API's (members), the presigner out of the
 * worker (member-data -28 KB), the apps' events apart from the stream's producer (events -8 KB, publisher -14 KB),
 * a read mark's unread count pushed from the table's stream (notifications -32 KB: no Management API client).
 */
const BUDGET_BYTES: Readonly<Record<BundleName, number>> = {
  public: TARGET_BYTES, // 64_522
  // Over the target by the SQS client (queueing export and erasure jobs, issue 15) and its own code; archive URLs are
  // signed with SignatureV4 (members/signed-archive-urls.ts), without the S3 client and its presigner (-184 KB).
  members: 330_660, // 314_914 + 5 % (was 352_079; export and erasure in the privacy function since issue 11's split)
  // Export and erasure (issue 11's split of members): the table, the SQS client (queueing jobs) and the archive URL signer.
  privacy: 323_671, // 308_258 + 5 %
  communities: TARGET_BYTES, // 282_487 (was 373_678)
  // The content store, screening (the confusables table, 16 KB), the desk and the ideas' votes on a post.
  posts: 399_039, // 380_038 + 5 % (was 458_569)
  comments: 361_702, // 344_479 + 5 % (was 431_538)
  reactions: TARGET_BYTES, // 274_284 (was 320_064)
  // Ideas in three functions (issue 11, split by users): votes and the board; merges; owners, timelines, lists, settings.
  ideas: TARGET_BYTES, // 293_290 (was 339_979 for all 13 routes: 329_300 measured)
  'idea-merges': TARGET_BYTES, // 295_701
  'idea-workflow': TARGET_BYTES, // 296_834
  // The SQS client (the analytics queue) and the table (each event checked against its post, the rate window).
  events: 332_895, // 317_043 + 5 % (was 339_413; the client events apart from the stream's producer, analytics/client-events.ts)
  // The moderators' queue, reports and appeals: the queue's whole-plan commit (the decision's content change, the
  // desk's entry on approval, a sanction, screening records), the member store; content only read (post, comment and
  // community readers, not the content store), a sanction's schema without the rest of member-schemas.ts.
  moderation: 375_749, // 357_856 + 5 % (was 399_035 with the response desk's routes, issue 11 split them out)
  // The response desk (issue 11: its own function since the split from moderation): its store, a community reader.
  desk: 319_602, // 304_383 + 5 %
  // The CloudWatch client (usage for the cost report) and the ledger's sources, prices and value tables.
  finance: 357_639, // 340_609 + 5 % (was 370_729)
  publisher: TARGET_BYTES, // 244_067 (was 256_205 with the client events' checks)
  // The S3 client, hyparquet's writer, and the DynamoDB client for the members' pseudonym keys.
  archiver: 506_323, // 482_213 + 5 % (was 527_516)
  // A daily job, not on a request path: the S3 client with list/get/delete, hyparquet's reader and writer.
  compactor: 496_944, // 473_280 + 5 % (was 585_494)
  'post-confirmation': TARGET_BYTES, // 197_125
  // Issue 16's scheduled job: the Athena client (kept out of the finance bundle), DynamoDB, the ledger's measures SQL.
  'ledger-measures': TARGET_BYTES, // 294_035 (before the second pass of issue 11)
  // No Management API client since a read mark's unread count is pushed from the table's stream (was 322_120).
  notifications: TARGET_BYTES, // 291_425 (was 338_226)
  // The Management API client (pushes) and the SQS client (the fan-out's pages).
  notifier: 325_032, // 309_555 + 5 % (was 362_714)
  'live-authorizer': TARGET_BYTES, // 25_133 (was 256_926: aws-jwt-verify and no table)
  live: TARGET_BYTES, // 251_807
  'live-queue-counts': TARGET_BYTES, // 254_804
  'pre-token-generation': TARGET_BYTES, // 431
  'ideas-worker': TARGET_BYTES, // 253_180
  // Issue 15's export and erasure worker: DynamoDB, S3 (archives: put and delete), the Management API and the member-data registry.
  'member-data': 453_213, // 431_631 + 5 % (was 461_194, with the presigner)
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
  privacy: { operationId: 'getErasure', pathParameters: { erasureId: 'not-a-ulid' }, status: 400 },
  communities: { operationId: 'getCommunity', pathParameters: { communityId: 'X' }, status: 400 },
  posts: { operationId: 'getPost', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  comments: { operationId: 'listComments', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  reactions: { operationId: 'addReaction', pathParameters: { postId: 'not-a-ulid', reaction: 'like' }, status: 400 },
  ideas: { operationId: 'voteForIdea', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  'idea-merges': { operationId: 'getMerge', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  'idea-workflow': { operationId: 'getIdeaTimeline', pathParameters: { postId: 'not-a-ulid' }, status: 400 },
  events: { operationId: 'recordEvents', pathParameters: {}, status: 400 },
  moderation: { operationId: 'getModerationItem', pathParameters: { itemId: 'not-an-item' }, status: 400 },
  desk: { operationId: 'getResponsePolicy', pathParameters: { communityId: 'X' }, status: 400 },
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
  expect(CHORUS_BUNDLING).toMatchObject({ format: 'esm', minify: true, sourceMap: true, sourcesContent: false });
  expect(CHORUS_BUNDLING.externalModules).toEqual([...UNREACHED_CREDENTIAL_SOURCES]);
  // Only providers the default chain imports lazily, after the environment provider Lambda satisfies.
  expect(UNREACHED_CREDENTIAL_SOURCES.every((m) => /credential-provider-(sso|ini|process|web-identity|http|imds)$/.test(m))).toBe(true);
  const { file } = bundleOf('posts');
  // Positions and file names only: the sources' text is not in the map (Node needs none of it to map a stack).
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string; sourcesContent?: unknown };
  expect(map.sources.length).toBeGreaterThan(0);
  expect(map.mappings.length).toBeGreaterThan(0);
  expect(map.sourcesContent).toBeUndefined();
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
