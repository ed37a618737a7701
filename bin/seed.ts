/**
 * npm run seed: seeds the running local runtime (npm start already seeds on start) with the demo
 * communities, posts, comments and reactions, through its HTTP API. Idempotent.
 *
 * npm run seed -- --weeks N [--seed S]: also N weeks of past activity before this week, for the
 * ledger (local/seed-weeks.ts: a seeded PRNG, lake events, audit entries and usage at past times).
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { interceptLocalhostDns } from 'fauxqs';
import { analyticsMessagingDesign } from '../lambdas/store/messaging-design';
import { openLocalIssuer } from '../local/local-issuer';
import { describeStartupFailure } from '../local/local-runtime-error';
import { issuerFileOf, localEndpoints, startFreshHint } from '../local/runtime-file';
import { seedDemoData } from '../local/seed';
import { seedWeeks } from '../local/seed-weeks';
import { DEFAULT_DATA_DIR, LOCAL_TABLES, usageFileOf } from '../local/settings';

const { values } = parseArgs({ options: { weeks: { type: 'string' }, seed: { type: 'string', default: '16' } }, strict: true });
const weeks = values.weeks === undefined ? undefined : Number(values.weeks);
if (weeks !== undefined && !(Number.isInteger(weeks) && weeks >= 1 && weeks <= 52)) {
  console.error(`--weeks must be a whole number of weeks from 1 to 52, got ${values.weeks}`);
  process.exit(2);
}

try {
  const endpoints = await localEndpoints(DEFAULT_DATA_DIR);
  const baseUrl = endpoints.baseUrl;
  // The issuer's JWKS is served by the local runtime itself, whatever state the handlers are in.
  const probe = await fetch(`${baseUrl}/local-issuer/.well-known/jwks.json`).catch(() => undefined);
  if (!probe?.ok) {
    console.error(`no local runtime answers at ${baseUrl}: start it with npm start (which seeds too)`);
    process.exit(1);
  }
  const issuer = await openLocalIssuer({ file: issuerFileOf(DEFAULT_DATA_DIR), baseUrl, startFreshHint: startFreshHint(DEFAULT_DATA_DIR) });
  await seedDemoData({ baseUrl, mintToken: (o) => issuer.mintToken(o), log: (line) => console.log(line) });
  if (weeks !== undefined) {
    const marker = join(DEFAULT_DATA_DIR, 'seeded-weeks.json');
    const done = await readFile(marker, 'utf8').then(
      (text) => text,
      () => undefined,
    );
    if (done) {
      console.log(`seed: weeks already seeded (${done.trim()}); ${startFreshHint(DEFAULT_DATA_DIR)}`);
    } else if (!endpoints.dynamodb) {
      console.error('the running local runtime does not name its DynamoDB endpoint (it predates --weeks): restart npm start');
      process.exit(1);
    } else {
      const restore = interceptLocalhostDns();
      const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
      const dynamo = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials });
      const s3 = new S3Client({ endpoint: endpoints.s3, region: 'us-east-1', credentials });
      try {
        const now = new Date();
        const seeded = await seedWeeks({
          weeks,
          now,
          seed: Number(values.seed),
          documents: DynamoDBDocumentClient.from(dynamo),
          table: LOCAL_TABLES.table,
          s3,
          bucket: analyticsMessagingDesign.lakeBucket.name,
          appendUsage: (records) => appendFile(usageFileOf(DEFAULT_DATA_DIR), records.map((r) => `${JSON.stringify(r)}\n`).join('')),
          log: (line) => console.log(line),
        });
        await writeFile(marker, `${JSON.stringify({ weeks, seed: Number(values.seed), at: now.toISOString() })}\n`);
        console.log(
          `seed: ${weeks} weeks: ${seeded.events} lake events in ${seeded.objects} objects, ${seeded.auditEntries} audit entries, ${seeded.usageRecords} usage records`,
        );
      } finally {
        dynamo.destroy();
        s3.destroy();
        restore();
      }
    }
  }
} catch (error) {
  console.error(describeStartupFailure(error));
  process.exit(1);
}
