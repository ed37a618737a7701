/**
 * The ledger's dependencies from outside the running local runtime (npm run ledger, the tests): the
 * same adapters the finance function uses, pointed at the runtime's DynamoDB Local (its audit, the
 * stored lake measures) and its usage recording, so whoever calls buildLedger with these gets the
 * figures GET /v1/finance/ledger answers; and the ledger-measures job's, over its lake bucket (copied
 * for DuckDB), for `--refresh`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseLaborRates } from '../lambdas/finance/labor';
import type { LedgerDeps } from '../lambdas/finance/ledger';
import { type RefreshDeps, storedMeasures } from '../lambdas/finance/ledger-measures';
import { localUsageSource } from '../lambdas/finance/local-usage-source';
import { parsePriceTable } from '../lambdas/finance/pricing';
import { parseValueTable } from '../lambdas/finance/value';
import { dynamoCommunityOpening, dynamoLaborSource, dynamoMeasureStore } from '../lambdas/store/dynamo-ledger-sources';
import { analyticsMessagingDesign } from '../lambdas/store/messaging-design';
import { localRefreshDeps } from './ledger-measures-timer';
import { LOCAL_TABLES, usageFileOf } from './settings';

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'));

/** The price, labor and value tables as the repository holds them. */
export const ledgerTables = () => ({
  prices: parsePriceTable(readJson('pricing/aws-us-east-1.json')),
  laborRates: parseLaborRates(readJson('pricing/labor.json')),
  valueTable: parseValueTable(readJson('pricing/value.json')),
});

export interface LocalLedgerTarget {
  readonly dataDir: string;
  readonly dynamodb: string;
  readonly s3: string;
  readonly region?: string;
  readonly clock?: () => Date;
}

/** LedgerDeps (and the measures job's) over a running local runtime; `close` releases the clients. */
export function localLedgerDeps(target: LocalLedgerTarget): { deps: LedgerDeps; refresh: RefreshDeps; close: () => void } {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const region = target.region ?? 'us-east-1';
  const dynamo = new DynamoDBClient({ endpoint: target.dynamodb, region, credentials });
  const documents = DynamoDBDocumentClient.from(dynamo);
  const s3 = new S3Client({ endpoint: target.s3, region, credentials });
  const clock = target.clock ?? (() => new Date());
  return {
    deps: {
      ...ledgerTables(),
      clock,
      usage: localUsageSource(usageFileOf(target.dataDir)),
      labor: dynamoLaborSource(documents, LOCAL_TABLES.table),
      openedAt: dynamoCommunityOpening(documents, LOCAL_TABLES.table),
      measures: storedMeasures(dynamoMeasureStore(documents, LOCAL_TABLES.table)),
    },
    // Its own copy of the bucket: the running runtime syncs its own folder meanwhile.
    refresh: localRefreshDeps({
      dynamo,
      s3,
      table: LOCAL_TABLES.table,
      bucket: analyticsMessagingDesign.lakeBucket.name,
      dir: join(target.dataDir, 'ledger-lake-cli'),
      clock,
    }),
    close: () => {
      dynamo.destroy();
      s3.destroy();
    },
  };
}
