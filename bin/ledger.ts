/**
 * npm run ledger: a community's escape-velocity ledger from the running local runtime (npm start):
 * its audit in DynamoDB Local, its lake (copied for DuckDB), its usage recording. The same use case
 * and the same figures as GET /v1/finance/ledger.
 *
 *   npm run ledger                                            # outdoor-gear, the last 12 weeks, as a table
 *   npm run ledger -- --community kitchen --from 2026-09-01 --to 2026-11-30 --format json
 *   npm run ledger -- --format html --out ledger.html        # charts, one self-contained file
 *   npm run ledger -- --refresh                               # first run the lake measures job (every community, on DuckDB)
 *
 * --out <file> writes there instead of stdout (`> file` also works with `npm run -s`).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { interceptLocalhostDns } from 'fauxqs';
import { ChorusError } from '../lambdas/domain/errors';
import { buildLedger } from '../lambdas/finance/ledger';
import { refreshLedgerMeasures } from '../lambdas/finance/ledger-measures';
import { renderLedgerHtml, renderLedgerTable } from '../lambdas/finance/ledger-render';
import { localLedgerDeps } from '../local/ledger-deps';
import { localEndpoints } from '../local/runtime-file';
import { DEFAULT_DATA_DIR } from '../local/settings';

function fail(message: string, code = 2): never {
  console.error(`ledger: ${message}`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      community: { type: 'string', default: 'outdoor-gear' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'table' },
      out: { type: 'string' },
      refresh: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!['table', 'json', 'html'].includes(values.format!)) fail(`--format must be table, json or html, got ${values.format}`);
  const endpoints = await localEndpoints(DEFAULT_DATA_DIR);
  if (!endpoints.running || !endpoints.dynamodb) fail('no local runtime is running (or it predates the ledger): start it with npm start', 1);
  const restore = interceptLocalhostDns();
  const { deps, refresh, close } = localLedgerDeps({ dataDir: DEFAULT_DATA_DIR, dynamodb: endpoints.dynamodb!, s3: endpoints.s3 });
  try {
    if (values.refresh) {
      // The scheduled job's run: every community, and the all-community event counts the allocation needs.
      const done = await refreshLedgerMeasures(refresh);
      console.error(`ledger: measured ${done.weeks} weeks of ${done.communities} communities on ${refresh.lake.engine}`);
    }
    const ledger = await buildLedger(deps, { communityId: values.community!, from: values.from, to: values.to }).catch((error: unknown) => {
      if (error instanceof ChorusError) fail(error.message);
      throw error;
    });
    const text =
      values.format === 'json' ? `${JSON.stringify(ledger, null, 2)}\n` : values.format === 'html' ? renderLedgerHtml(ledger) : renderLedgerTable(ledger);
    if (values.out) {
      const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
      writeFileSync(out, text);
      console.error(`ledger: wrote ${values.format} to ${out}`);
    } else process.stdout.write(text);
  } finally {
    close();
    restore();
  }
}

main().catch((error: unknown) => {
  console.error(`ledger: ${(error as Error).message}`);
  process.exit(1);
});
