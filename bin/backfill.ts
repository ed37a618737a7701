/**
 * npm run backfill -- member-index: adds the byMember index keys to items written before that index
 * existed (lambdas/members/member-index-backfill.ts), a page at a time, resumable and idempotent.
 *
 *   npm run backfill -- member-index                       # the running npm start's table
 *   npm run backfill -- member-index --table <TableName>   # a deployed stack's table, with your AWS credentials
 *   options: --page-size 500 (items read per page), --max-pages N (stop after N; run again to go on), --restart
 *
 * Progress is saved in the table after every page: a run stopped anywhere (Ctrl-C, a lost session)
 * goes on from there when started again, and a finished one says so and does nothing.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../lambdas/domain/clock';
import { backfillMemberIndex, MEMBER_INDEX_BACKFILL } from '../lambdas/members/member-index-backfill';
import { dynamoMemberIndexBackfill } from '../lambdas/store/member-data/member-index-backfill';
import { localEndpoints } from '../local/runtime-file';
import { DEFAULT_DATA_DIR, LOCAL_TABLES } from '../local/settings';

const BACKFILLS = [MEMBER_INDEX_BACKFILL];

function fail(message: string, code = 2): never {
  console.error(`backfill: ${message}`);
  process.exit(code);
}

const whole = (name: string, raw: string | undefined, min: number, max: number): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}, got ${raw}`);
  return n;
};

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      table: { type: 'string' },
      'page-size': { type: 'string' },
      'max-pages': { type: 'string' },
      restart: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [name] = positionals;
  if (positionals.length !== 1 || !BACKFILLS.includes(name!)) fail(`name one backfill: ${BACKFILLS.join(', ')}; got ${positionals.join(' ') || 'none'}`);
  const pageSize = whole('page-size', values['page-size'], 1, 1000) ?? 500;
  const maxPages = whole('max-pages', values['max-pages'], 1, 1_000_000);

  let client: DynamoDBClient;
  let table: string;
  if (values.table) {
    client = new DynamoDBClient({});
    table = values.table;
  } else {
    const endpoints = await localEndpoints(DEFAULT_DATA_DIR);
    if (!endpoints.running || !endpoints.dynamodb) fail('no local runtime is running: start it with npm start, or name a deployed table with --table', 1);
    const region = process.env.AWS_REGION ?? 'us-east-1';
    client = new DynamoDBClient({ endpoint: endpoints.dynamodb, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    table = LOCAL_TABLES.table;
  }
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const done = await backfillMemberIndex(
      { store: dynamoMemberIndexBackfill(documents, table), clock: systemClock },
      { pageSize, maxPages, restart: values.restart },
      (p) => console.error(`backfill ${p.name}: page ${p.pages}, ${p.scanned} items read, ${p.keyed} keyed`),
    );
    console.log(
      done.finishedAt
        ? `backfill ${done.name}: done at ${done.finishedAt} (${done.pages} pages, ${done.scanned} items read, ${done.keyed} keyed)`
        : `backfill ${done.name}: stopped after page ${done.pages} (${done.keyed} keyed so far); run it again to go on`,
    );
  } finally {
    client.destroy();
  }
}

await main();
