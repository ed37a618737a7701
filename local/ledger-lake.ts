/**
 * The lake engine the ledger uses locally: DuckDB over a copy of the emulated bucket, brought up to
 * date before each query (only objects not copied yet are fetched). The same SQL runs on Athena.
 * Local runtime and CLI only: DuckDB is a native dev dependency, never in a Lambda bundle.
 */
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { openLake, query } from '../lambdas/analytics/duckdb-lake';
import { EVENTS_PREFIX } from '../lambdas/analytics/envelope';
import type { LakeSql } from '../lambdas/finance/value';

/** Copies the objects of `bucket` under the events prefix that `dir` does not hold yet (lake objects are written once). */
export async function syncNewObjects(client: S3Client, bucket: string, dir: string): Promise<number> {
  let token: string | undefined;
  let copied = 0;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: EVENTS_PREFIX, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (!object.Key || object.Key.endsWith('/')) continue;
      const target = join(dir, object.Key);
      if (
        await access(target).then(
          () => true,
          () => false,
        )
      )
        continue;
      const body = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))).Body!.transformToByteArray();
      await mkdir(dirname(target), { recursive: true });
      // Written aside, then renamed: a query of another engine over the same directory never reads half a file.
      const partial = `${target}.${process.pid}.${copied}.partial`;
      await writeFile(partial, body);
      await rename(partial, target);
      copied += 1;
    }
    token = page.NextContinuationToken;
  } while (token);
  return copied;
}

export function localLakeSql(options: { readonly client: S3Client; readonly bucket: string; readonly dir: string }): LakeSql {
  // One sync at a time: the ledger's queries run together and would copy the same objects twice.
  let syncing: Promise<unknown> = Promise.resolve();
  return {
    engine: 'DuckDB over the local lake bucket',
    async query(sql) {
      const synced = syncing.then(() => syncNewObjects(options.client, options.bucket, options.dir));
      // A failed sync fails its own query only; the next one copies what is still missing.
      syncing = synced.catch(() => undefined);
      await synced;
      const connection = await openLake(options.dir);
      try {
        return await query(connection, sql);
      } finally {
        connection.closeSync();
      }
    },
  };
}
