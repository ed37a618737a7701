/**
 * The ledger-measures job's schedule, locally: EventBridge Scheduler runs lambdas/handlers/ledger-measures.ts
 * once a day in AWS; here the same use case runs on DuckDB over the emulated bucket once an hour (the
 * first run an hour after start: a fresh runtime has nothing to measure, and the tests refresh their own
 * communities). `npm run ledger -- --refresh` runs it at once.
 */
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { refreshLedgerMeasures, type RefreshDeps } from '../lambdas/finance/ledger-measures';
import { dynamoCommunities, dynamoMeasureStore } from '../lambdas/store/dynamo-ledger-sources';
import { localLakeSql } from './ledger-lake';

export const LOCAL_LEDGER_MEASURES_PERIOD_MS = 3_600_000;

/** The job's dependencies over the local emulators: DuckDB over a copy of the bucket in `dir`. */
export function localRefreshDeps(options: {
  readonly dynamo: DynamoDBClient;
  readonly s3: S3Client;
  readonly table: string;
  readonly bucket: string;
  readonly dir: string;
  readonly clock?: () => Date;
}): RefreshDeps {
  const documents = DynamoDBDocumentClient.from(options.dynamo);
  return {
    lake: localLakeSql({ client: options.s3, bucket: options.bucket, dir: options.dir }),
    store: dynamoMeasureStore(documents, options.table),
    communities: dynamoCommunities(documents, options.table),
    clock: options.clock ?? (() => new Date()),
  };
}

export function startLedgerMeasuresTimer(options: { readonly deps: RefreshDeps; readonly periodMs?: number; readonly onError: (error: unknown) => void }): {
  stop(): Promise<void>;
} {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => refreshLedgerMeasures(options.deps)).catch(options.onError);
  }, options.periodMs ?? LOCAL_LEDGER_MEASURES_PERIOD_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export const ledgerLakeDir = (dataDir: string): string => join(dataDir, 'ledger-lake');
