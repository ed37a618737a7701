/**
 * The lake on this machine: a copy of the bucket in a folder, queried with DuckDB. Used by
 * `npm run analytics` and the tests; never imported by a handler (DuckDB is a native dev dependency,
 * not part of any Lambda bundle).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { EVENTS_PREFIX } from './envelope';
import { deduplicatedViewSql } from './sql';

/** Copies every object of `bucket` under `prefix` to `dir` (same keys); answers how many were new. */
export async function syncLake(client: S3Client, bucket: string, dir: string, prefix = ''): Promise<number> {
  let token: string | undefined;
  let copied = 0;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (!object.Key || object.Key.endsWith('/')) continue;
      const body = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))).Body!.transformToByteArray();
      const target = join(dir, object.Key);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, body);
      copied += 1;
    }
    token = page.NextContinuationToken;
  } while (token);
  return copied;
}

/**
 * DuckDB over a lake folder: `events` reads every Parquet file with its Hive partitions (as the Glue
 * table does in Athena), `events_deduplicated` is the same view Athena gets. Athena's
 * json_extract_scalar is a macro here, so report SQL runs unchanged on both.
 */
export async function openLake(dir: string): Promise<DuckDBConnection> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const files = join(dir, EVENTS_PREFIX, '**', '*.parquet').replaceAll("'", "''");
  const { globSync } = await import('node:fs');
  const hasFiles = globSync(join(dir, EVENTS_PREFIX, '**', '*.parquet')).length > 0;
  await connection.run(
    hasFiles
      ? `CREATE VIEW events AS SELECT * FROM read_parquet('${files}', hive_partitioning = true, hive_types = {'event_type': VARCHAR, 'dt': VARCHAR}, union_by_name = true)`
      : `CREATE VIEW events AS SELECT NULL::VARCHAR AS event_id, NULL::INTEGER AS schema_version, NULL::TIMESTAMP AS occurred_at, NULL::TIMESTAMP AS received_at, NULL::VARCHAR AS actor_id, NULL::VARCHAR AS community_id, NULL::VARCHAR AS post_id, NULL::VARCHAR[] AS product_ids, NULL::VARCHAR AS data, NULL::VARCHAR AS event_type, NULL::VARCHAR AS dt WHERE false`,
  );
  await connection.run(`CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)`);
  // Athena's percentile (a value of the column, nearest rank): DuckDB's discrete quantile.
  await connection.run(`CREATE MACRO approx_percentile(x, p) AS quantile_disc(x, p)`);
  await connection.run(deduplicatedViewSql('events'));
  return connection;
}

/** Runs `sql` and answers its rows as JSON-friendly objects. */
export async function query(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Runs `sql` and returns its rows as JS values (BIGINT as bigint, numbers as numbers), for display. */
export async function queryValues(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}
