/**
 * The structured logger (lambdas/http/logger.ts) writes the JSON lines Powertools' Logger wrote: the
 * same keys, the invocation's context from injectLambdaContext, cold_start only on a container's first
 * invocation, errors formatted anywhere in a line, and a line that holds a cycle written, not thrown.
 */
import middy from '@middy/core';
import { injectLambdaContext, Logger } from '../../../lambdas/http/logger';
import { createLambdaContext } from '../../../local/lambda-context';
import { jsonLinesWrittenBy } from './log-capture';

type Line = Record<string, unknown>;

// A logger takes its level from the environment when it is made; the integration setup quiets it to ERROR when jest
// runs every project. These tests read INFO and WARN lines, so they state the level for the loggers they make.
const levelBefore = process.env.POWERTOOLS_LOG_LEVEL;
beforeEach(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});
afterAll(() => {
  if (levelBefore === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = levelBefore;
});

const linesOf = (act: () => unknown) => jsonLinesWrittenBy<Line>(act);

const context = () => createLambdaContext({ functionName: 'chorus-logger-test', region: 'eu-west-1', accountId: '123456789012', timeoutMs: 10_000 });

test("each invocation's lines carry its context and its appended keys, cold_start only on the first, keys reset after it", async () => {
  const logger = new Logger({ serviceName: 'chorus' });
  const handler = middy(async (event: { n: number }) => {
    logger.appendKeys({ requestId: `req-${event.n}` });
    logger.info('serving', { n: event.n });
  }).use(injectLambdaContext(logger, { resetKeys: true }));
  const [first, second] = [context(), context()];

  const lines = await linesOf(async () => {
    await handler({ n: 1 }, first);
    await handler({ n: 2 }, second);
    logger.info('between invocations');
  });

  expect(lines.map((l) => [l.message, l.requestId, l.cold_start, l.function_request_id])).toEqual([
    ['serving', 'req-1', true, first.awsRequestId],
    ['serving', 'req-2', false, second.awsRequestId],
    ['between invocations', undefined, false, second.awsRequestId],
  ]);
  expect(lines[0]).toMatchObject({ level: 'INFO', service: 'chorus', function_name: 'chorus-logger-test', function_memory_size: expect.any(Number), n: 1 });
  expect(Object.keys(lines[0]!).slice(0, 4)).toEqual(['level', 'message', 'timestamp', 'service']);
});

test('an Error is logged under error with its name, location, message, stack and cause; a cycle is dropped, not thrown', async () => {
  const logger = new Logger({ serviceName: 'chorus' });
  const looped: Record<string, unknown> = { name: 'loop' };
  looped.self = looped;
  const shared = { id: 's' };
  const error = new TypeError('bad input', { cause: new Error('underneath') });

  const lines = await linesOf(() => {
    logger.error('failed', error);
    logger.warn('odd', { looped, a: shared, b: shared, count: 10n });
  });

  expect(lines[0]).toMatchObject({
    level: 'ERROR',
    error: { name: 'TypeError', message: 'bad input', location: expect.stringContaining('logger.test.ts'), cause: { message: 'underneath' } },
  });
  expect(lines[1]).toMatchObject({ level: 'WARN', looped: { name: 'loop' }, a: { id: 's' }, b: { id: 's' }, count: '10' });
  expect((lines[1]!.looped as Line).self).toBeUndefined();
});

test('lines below the level POWERTOOLS_LOG_LEVEL names are not written', async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'warn';
  const logger = new Logger({ serviceName: 'chorus' });

  const lines = await linesOf(() => {
    logger.info('quiet');
    logger.warn('loud');
  });

  expect(lines.map((l) => l.message)).toEqual(['loud']);
});
