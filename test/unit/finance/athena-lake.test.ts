/**
 * The Athena adapter of the ledger-measures job: start, poll, read every page, through the real
 * AthenaClient (its serialisers, its middleware stack, its error parsing). There is no Athena
 * emulator, so the client's HTTP handler is replaced by one that answers Athena's JSON protocol
 * from a script: the one place the project answers for an AWS API itself, and only at the wire.
 * The SQL is proved on DuckDB (test/unit/finance/ledger.test.ts): it is the same text.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaQueryError, athenaLakeSql } from '../../../lambdas/finance/athena-lake';

interface Call {
  readonly target: string;
  readonly body: Record<string, any>;
}

/** An AthenaClient whose wire answers come from `answer` (by X-Amz-Target operation), recording each call. */
function scriptedClient(answer: (operation: string, body: Record<string, any>, calls: Call[]) => unknown) {
  const calls: Call[] = [];
  const client = new AthenaClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: string | Uint8Array }) => {
        const operation = String(request.headers['x-amz-target']).replace('AmazonAthena.', '');
        const raw = request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : (request.body ?? '{}');
        const body = JSON.parse(raw) as Record<string, any>;
        calls.push({ target: operation, body });
        const out = answer(operation, body, calls);
        const failed = out instanceof Error;
        const payload = failed ? { __type: 'InvalidRequestException', message: out.message } : out;
        return {
          response: {
            statusCode: failed ? 400 : 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: new TextEncoder().encode(JSON.stringify(payload)),
          },
        };
      },
    } as never,
  });
  return { client, calls };
}

const cell = (v: string | null) => (v === null ? {} : { VarCharValue: v });
const page = (rows: (string | null)[][], next?: string) => ({
  ResultSet: { ResultSetMetadata: { ColumnInfo: [{ Name: 'week' }, { Name: 'reviews' }] }, Rows: rows.map((r) => ({ Data: r.map(cell) })) },
  ...(next ? { NextToken: next } : {}),
});

test('starts the query in the workgroup and database, polls until it succeeds, and reads every page without the header row', async () => {
  const states = ['QUEUED', 'RUNNING', 'SUCCEEDED'];
  const { client, calls } = scriptedClient((operation, body) => {
    if (operation === 'StartQueryExecution') return { QueryExecutionId: 'q-1' };
    if (operation === 'GetQueryExecution') return { QueryExecution: { QueryExecutionId: 'q-1', Status: { State: states.shift() } } };
    if (operation === 'GetQueryResults')
      return body.NextToken === undefined
        ? page(
            [
              ['week', 'reviews'],
              ['0', '3'],
            ],
            't-2',
          )
        : page([
            ['1', '5'],
            ['2', null],
          ]);
    return new Error(`unexpected ${operation}`);
  });
  const slept: number[] = [];
  const lake = athenaLakeSql({ client, workGroup: 'chorus-ledger', database: 'chorus_lake', pollMs: 200, sleep: async (ms) => void slept.push(ms) });

  const rows = await lake.query('SELECT 1');

  expect(rows).toEqual([
    { week: '0', reviews: '3' },
    { week: '1', reviews: '5' },
    { week: '2', reviews: null },
  ]);
  expect(calls[0]).toEqual({
    target: 'StartQueryExecution',
    body: expect.objectContaining({ QueryString: 'SELECT 1', WorkGroup: 'chorus-ledger', QueryExecutionContext: { Database: 'chorus_lake' } }),
  });
  expect(calls.map((c) => c.target)).toEqual([
    'StartQueryExecution',
    'GetQueryExecution',
    'GetQueryExecution',
    'GetQueryExecution',
    'GetQueryResults',
    'GetQueryResults',
  ]);
  expect(calls[5]!.body).toMatchObject({ QueryExecutionId: 'q-1', NextToken: 't-2' });
  expect(slept).toEqual([200, 200]);
  expect(lake.engine).toBe('Athena (workgroup chorus-ledger)');
});

test("a query the workgroup cancels (its bytes-scanned limit) fails with Athena's reason, reading no results", async () => {
  const reason = 'Query exhausted resources: bytes scanned limit exceeded';
  const { client, calls } = scriptedClient((operation) =>
    operation === 'StartQueryExecution' ? { QueryExecutionId: 'q-2' } : { QueryExecution: { Status: { State: 'CANCELLED', StateChangeReason: reason } } },
  );
  const lake = athenaLakeSql({ client, workGroup: 'w', database: 'd', sleep: async () => {} });

  await expect(lake.query('SELECT 2')).rejects.toThrow(new AthenaQueryError(`Athena query q-2 cancelled: ${reason}`));
  expect(calls.map((c) => c.target)).not.toContain('GetQueryResults');
});

test('a query still running past the wait limit is given up, and an API error surfaces as the SDK raises it', async () => {
  const running = scriptedClient((operation) =>
    operation === 'StartQueryExecution' ? { QueryExecutionId: 'q-3' } : { QueryExecution: { Status: { State: 'RUNNING' } } },
  );
  const slow = athenaLakeSql({ client: running.client, workGroup: 'w', database: 'd', pollMs: 100, maxWaitMs: 300, sleep: async () => {} });
  await expect(slow.query('SELECT 3')).rejects.toThrow('Athena query q-3 still RUNNING after 300 ms');
  expect(running.calls.filter((c) => c.target === 'GetQueryExecution')).toHaveLength(4);

  const refused = scriptedClient(() => new Error('WorkGroup w is disabled'));
  await expect(athenaLakeSql({ client: refused.client, workGroup: 'w', database: 'd' }).query('SELECT 4')).rejects.toThrow('WorkGroup w is disabled');
});
