/**
 * npm run compact                        compacts the closed days late events may still reach (as the daily schedule does)
 * npm run compact -- --day YYYY-MM-DD    compacts one closed day
 *
 * The same use case as the scheduled compactor (lambdas/handlers/compactor.ts). By default on the
 * running local runtime's lake (found through .data/local-runtime.json; `npm start` must be running);
 * with LAKE_BUCKET set, that bucket in the AWS account of your credentials.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { interceptLocalhostDns } from 'fauxqs';
import { s3CompactableLake } from '../lambdas/analytics/s3-compactable-lake';
import { compactLake } from '../lambdas/handlers/compactor';
import { analyticsMessagingDesign } from '../lambdas/store/messaging-design';
import { localEndpoints } from '../local/runtime-file';
import { DEFAULT_DATA_DIR } from '../local/settings';

const usage = 'usage: npm run compact [-- --day YYYY-MM-DD]';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--day');
  const day = at >= 0 ? argv[at + 1] : undefined;
  if ((at >= 0 && !day) || argv.some((a, i) => a !== '--day' && i !== at + 1)) {
    console.error(usage);
    return 2;
  }
  const bucket = process.env.LAKE_BUCKET;
  const local = bucket ? undefined : await localEndpoints(DEFAULT_DATA_DIR);
  const restore = bucket ? () => undefined : interceptLocalhostDns();
  const client = !local
    ? new S3Client({})
    : new S3Client({ endpoint: local.s3, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const lake = s3CompactableLake(client, bucket ?? analyticsMessagingDesign.lakeBucket.name);
    const summary = await compactLake({ lake, clock: () => new Date() }, day ? { day } : {});
    for (const d of summary.days) console.log(`${d.day}: ${d.objectsBefore} objects -> ${d.objectsAfter} (${d.events} events merged)`);
    return 0;
  } catch (error) {
    const where = local ? ` on ${local.s3}${local.running ? '' : ': is npm start running?'}` : ` on s3://${bucket}`;
    console.error(`compaction failed${where}: ${(error as Error).message}`);
    return 1;
  } finally {
    client.destroy();
    restore();
  }
}

process.exitCode = await main();
