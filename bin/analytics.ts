/**
 * npm run analytics -- "<SQL>"          SQL over the lake with DuckDB (views: events, events_deduplicated)
 * npm run analytics -- report <name>    a saved report (no name: the list); --days N: its window (default 7, today included)
 *
 * Copies the lake bucket to .data/lake first: by default the running local runtime's (found through
 * .data/local-runtime.json, whatever its ports, as npm run token finds it; `npm start` must be
 * running); with LAKE_BUCKET set, that bucket in the AWS account of your credentials. --no-sync
 * queries the folder as it is.
 */
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { interceptLocalhostDns } from 'fauxqs';
import { openLake, queryValues, syncLake } from '../lambdas/analytics/duckdb-lake';
import { REPORTS, reportWindow } from '../lambdas/analytics/sql';
import { textTable } from '../lambdas/analytics/text-table';
import { analyticsMessagingDesign } from '../lambdas/store/messaging-design';
import { localEndpoints } from '../local/runtime-file';
import { DEFAULT_DATA_DIR } from '../local/settings';

const argv = process.argv.slice(2);
const daysAt = argv.indexOf('--days');
const days = daysAt >= 0 ? Number(argv[daysAt + 1]) : 7;
const args = argv.filter((a, i) => a !== '--no-sync' && (daysAt < 0 || (i !== daysAt && i !== daysAt + 1)));
const sync = !argv.includes('--no-sync');
const usage = `usage: npm run analytics -- "<SQL>" | report <${Object.keys(REPORTS).join('|')}> [--days N] [--no-sync]`;

async function main(): Promise<number> {
  let sql: string;
  if (args[0] === 'report') {
    const report = args[1] ? REPORTS[args[1]] : undefined;
    if (!report) {
      console.error(
        `${args[1] ? `no report ${args[1]}; ` : ''}reports:\n${Object.entries(REPORTS)
          .map(([name, r]) => `  ${name.padEnd(26)} ${r.description}`)
          .join('\n')}`,
      );
      return 2;
    }
    try {
      sql = report.sql(reportWindow(new Date(), days));
    } catch (error) {
      console.error((error as Error).message);
      return 2;
    }
  } else if (args.length === 1 && args[0]!.trim()) {
    sql = args[0]!;
  } else {
    console.error(usage);
    return 2;
  }

  const dir = join(DEFAULT_DATA_DIR, 'lake');
  if (sync) {
    const bucket = process.env.LAKE_BUCKET;
    const local = bucket ? undefined : await localEndpoints(DEFAULT_DATA_DIR);
    const restore = bucket ? () => undefined : interceptLocalhostDns();
    const client = !local
      ? new S3Client({})
      : new S3Client({
          endpoint: local.s3,
          region: 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
    try {
      const copied = await syncLake(client, bucket ?? analyticsMessagingDesign.lakeBucket.name, dir);
      console.error(`synced ${copied} objects to ${dir}`);
    } catch (error) {
      const where = local ? ` from ${local.s3}${local.running ? '' : ': is npm start running?'}` : ` from s3://${bucket}`;
      console.error(`could not copy the lake (${(error as Error).message})${where} (or pass --no-sync)`);
      return 1;
    } finally {
      client.destroy();
      restore();
    }
  }
  const connection = await openLake(dir);
  try {
    process.stdout.write(textTable(await queryValues(connection, sql)));
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    connection.closeSync();
  }
  return 0;
}

process.exitCode = await main();
