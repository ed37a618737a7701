/**
 * What the logs say, captured from the Powertools logger's own output: every line of an API request
 * carries the requestId a 500 quotes, and every failure of the analytics path is logged with its
 * reason (the lake's or the queue's error), at WARN or ERROR.
 */
import { randomBytes } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import type { GroupRoutes } from '../../../lambdas/api/route-spec';
import type { GroupHandler } from '../../../lambdas/http/http-handler';
import { ok } from '../../../lambdas/http/responses';
import { createLambdaContext } from '../../../local/lambda-context';
import { jsonLinesWrittenBy } from './log-capture';

type LogLine = Record<string, unknown> & { level: string; message: string };

// The logger takes its level from the environment when it is created (and goes back to it after each
// invocation); the integration runtime's setup quiets it to ERROR when jest runs every project. These
// tests read INFO and WARN lines, so they state the level and only then load the modules that log.
let logger: typeof import('../../../lambdas/http/logger')['logger'];
let sqsEventQueue: typeof import('../../../lambdas/analytics/sqs-event-queue')['sqsEventQueue'];
let archiveRecords: typeof import('../../../lambdas/handlers/archiver')['archiveRecords'];
let handler: GroupHandler;
const levelBefore = process.env.POWERTOOLS_LOG_LEVEL;
afterAll(() => {
  if (levelBefore === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = levelBefore;
});
beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  ({ logger } = await import('../../../lambdas/http/logger'));
  ({ sqsEventQueue } = await import('../../../lambdas/analytics/sqs-event-queue'));
  ({ archiveRecords } = await import('../../../lambdas/handlers/archiver'));
  const { httpHandler } = await import('../../../lambdas/http/http-handler');
  handler = httpHandler(routes, {
    boom: async () => {
      logger.info('about to fail');
      throw new Error('kaput');
    },
    fine: async () => {
      logger.info('serving');
      return ok({});
    },
  });
});

const logsOf = (act: () => Promise<unknown>) => jsonLinesWrittenBy<LogLine>(act);

const routes = [
  { method: 'GET', path: '/v1/boom', group: 'public', operationId: 'boom', summary: 'fails', public: true, success: { status: 200, schema: null }, errors: [] },
  { method: 'GET', path: '/v1/fine', group: 'public', operationId: 'fine', summary: 'works', public: true, success: { status: 200, schema: null }, errors: [] },
] as const satisfies GroupRoutes<'public'>;

const requestTo = (path: string, requestId: string) =>
  ({
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    requestContext: { requestId, http: { method: 'GET', path }, routeKey: `GET ${path}` },
    isBase64Encoded: false,
  }) as never;

const context = () => createLambdaContext({ functionName: 'chorus-test', region: 'eu-west-1', accountId: '123456789012', timeoutMs: 10_000 });

describe('API request logs', () => {
  test('every line of a request that ends in a 500 carries the requestId its problem quotes, and the next request carries its own', async () => {
    let failed: { statusCode?: number; body?: string } = {};
    const lines = await logsOf(async () => {
      failed = (await handler(requestTo('/v1/boom', 'req-boom-1'), context())) as typeof failed;
      await handler(requestTo('/v1/fine', 'req-fine-2'), context());
    });

    expect(failed.statusCode).toBe(500);
    expect(JSON.parse(failed.body!).detail).toContain('quote reference req-boom-1');
    expect(lines.map((l) => [l.level, l.message, l.requestId])).toEqual([
      ['INFO', 'about to fail', 'req-boom-1'],
      ['ERROR', 'unhandled error', 'req-boom-1'],
      ['INFO', 'serving', 'req-fine-2'],
    ]);
    expect(lines[1]).toMatchObject({ error: { message: 'kaput' } });
  });
});

describe('analytics failures are logged with their reason', () => {
  const sqsEvent = (bodies: readonly string[]): SQSEvent => ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body })) }) as never;
  const envelope = JSON.stringify({
    event_id: 'e1',
    event_type: 'post.viewed',
    schema_version: 1,
    occurred_at: '2026-11-23T10:00:00.000Z',
    received_at: '2026-11-23T10:00:00.000Z',
    actor_id: 'a',
    community_id: null,
    post_id: null,
    product_ids: [],
    data: {},
  });

  test("the archiver logs each object the lake refused at ERROR with the lake's error, and bad messages at WARN", async () => {
    const lake = {
      put: async () => {
        throw new Error('SlowDown: reduce your request rate');
      },
    };
    let response: unknown;
    const lines = await logsOf(async () => {
      response = await archiveRecords({ lake, clock: () => new Date('2026-11-23T10:00:00.000Z') }, sqsEvent([envelope, 'not json']));
    });

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }] });
    const errors = lines.filter((l) => l.level === 'ERROR');
    expect(errors).toHaveLength(2);
    expect(errors.every((l) => (l.error as { message: string }).message === 'SlowDown: reduce your request rate')).toBe(true);
    expect(errors.map((l) => l.key)).toEqual([expect.stringMatching(/^events\/v1\/event_type=post.viewed\//), expect.stringMatching(/^bad\//)]);
    expect(lines.filter((l) => l.level === 'WARN').map((l) => l.bad)).toEqual([1]);
  });

  test('the analytics queue logs a failed send at ERROR with its error, and each refused entry at WARN with its code', async () => {
    let calls = 0;
    const client = {
      send: async () => {
        calls += 1;
        if (calls === 1) throw new Error('connect ECONNREFUSED');
        return { Failed: [{ Id: '0', Code: 'InvalidParameterValue', Message: 'message too long', SenderFault: true }] };
      },
    } as unknown as SQSClient;
    const queue = sqsEventQueue(client, 'https://sqs.example/queue');
    // Two items too large to share a message (or a SendMessageBatch call) even compressed: two calls of one message each.
    const messages = Array.from({ length: 2 }, (_, i) => ({ id: `id${i}`, body: JSON.stringify(randomBytes(150_000).toString('base64')) }));

    let failed: readonly string[] = [];
    const lines = await logsOf(async () => {
      failed = await queue.send(messages);
    });

    expect(failed).toEqual(['id0', 'id1']);
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['ERROR', 'sending to the analytics queue failed'],
      ['WARN', 'the analytics queue refused a message'],
    ]);
    expect(lines[0]).toMatchObject({ messages: 1, error: { message: 'connect ECONNREFUSED' } });
    expect(lines[1]).toMatchObject({ code: 'InvalidParameterValue', reason: 'message too long' });
  });
});
