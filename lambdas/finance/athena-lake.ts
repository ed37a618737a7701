/**
 * The lake on Athena, for the ledger-measures job (never an API function: the Athena client stays
 * out of the request paths' bundles). A query is started in the job's workgroup (which enforces its
 * results location and its bytes-scanned limit), polled until it ends, and its results read page by
 * page; values come back as text, which the measures read as numbers.
 */
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { LakeSql } from './value';

export interface AthenaLakeOptions {
  readonly client: Pick<AthenaClient, 'send'>;
  readonly workGroup: string;
  readonly database: string;
  /** Pause between polls. @default 500 ms */
  readonly pollMs?: number;
  /** How long a query may run before the job gives up on it. @default 5 minutes */
  readonly maxWaitMs?: number;
  /** Waits between polls (injected by the tests). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** An Athena query that failed, was cancelled (the workgroup's scan limit cancels) or ran too long. */
export class AthenaQueryError extends Error {}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function athenaLakeSql(options: AthenaLakeOptions): LakeSql {
  const { client, workGroup, database } = options;
  const pollMs = options.pollMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 300_000;
  const sleep = options.sleep ?? wait;
  return {
    engine: `Athena (workgroup ${workGroup})`,
    async query(sql) {
      const started = await client.send(
        new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: workGroup, QueryExecutionContext: { Database: database } }),
      );
      const id = started.QueryExecutionId;
      if (!id) throw new AthenaQueryError('Athena started no query (no QueryExecutionId)');
      for (let waited = 0; ; waited += pollMs) {
        const { QueryExecution: execution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
        const state = execution?.Status?.State;
        if (state === 'SUCCEEDED') break;
        if (state === 'FAILED' || state === 'CANCELLED')
          throw new AthenaQueryError(`Athena query ${id} ${state.toLowerCase()}: ${execution?.Status?.StateChangeReason ?? 'no reason given'}`);
        if (waited >= maxWaitMs) throw new AthenaQueryError(`Athena query ${id} still ${state ?? 'unknown'} after ${maxWaitMs} ms`);
        await sleep(pollMs);
      }
      const rows: Record<string, unknown>[] = [];
      let columns: string[] | undefined;
      let token: string | undefined;
      do {
        const page: GetQueryResultsCommandOutput = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }));
        columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
        const data = page.ResultSet?.Rows ?? [];
        // The first row of the first page repeats the column names.
        for (const [i, row] of data.entries()) {
          if (token === undefined && i === 0) continue;
          rows.push(Object.fromEntries(columns.map((name, c) => [name, row.Data?.[c]?.VarCharValue ?? null])));
        }
        token = page.NextToken;
      } while (token);
      return rows;
    },
  };
}
