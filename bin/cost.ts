/**
 * npm run cost: what Chorus costs, from measured usage, or a month of a workload profile.
 *
 *   npm run cost                                   # this month so far, from the local runtime's recording (.data/usage.jsonl)
 *   npm run cost -- --from 2026-11-01 --to 2026-11-23 --format html --out cost.html
 *   npm run cost -- --profile launch               # a month at 100 k members, priced from bench/results.json
 *   COST_METRICS='{...}' npm run cost              # from CloudWatch (the finance function's COST_METRICS)
 *
 * --budget <usd> (or COST_MONTHLY_BUDGET_USD) sets the monthly budget the report compares with.
 * --out <file> writes the report there instead of stdout (`npm run` prints its banner on stdout, so
 * `> file` would start with it unless run as `npm run -s`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ENV, readCostConfig } from '../lambdas/config';
import { cloudWatchUsageSource, parseMetricTargets } from '../lambdas/finance/cloudwatch-usage-source';
import { costReport } from '../lambdas/finance/cost-report';
import { reportCosts, resolvePeriod } from '../lambdas/finance/costs';
import type { Period } from '../lambdas/finance/usage';
import { localUsageSource } from '../lambdas/finance/local-usage-source';
import { parsePriceTable } from '../lambdas/finance/pricing';
import { profileUsage, type ProfileMeasurements, type WorkloadProfile } from '../lambdas/finance/profile';
import { renderHtml, renderTable } from '../lambdas/finance/render';
import { DEFAULT_DATA_DIR, usageFileOf } from '../local/settings';
import type { CostReport } from '../lambdas/api/finance-schemas';

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'));

function fail(message: string): never {
  console.error(`cost: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'table' },
      profile: { type: 'string' },
      budget: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!['table', 'json', 'html'].includes(values.format!)) fail(`--format must be table, json or html, got ${values.format}`);
  const budgetRaw = values.budget ?? process.env[ENV.COST_MONTHLY_BUDGET_USD];
  const budget = budgetRaw === undefined || budgetRaw === '' ? undefined : Number(budgetRaw);
  if (budget !== undefined && !(budget > 0)) fail(`--budget must be US dollars > 0, got ${budgetRaw}`);
  const prices = parsePriceTable(readJson('pricing/aws-us-east-1.json'));

  let report: CostReport;
  let title: string;
  if (values.profile) {
    const { profiles } = readJson('pricing/profiles.json') as { profiles: Record<string, WorkloadProfile> };
    const profile = profiles[values.profile] ?? fail(`--profile must be one of ${Object.keys(profiles).join(', ')}, got ${values.profile}`);
    const bench = readJson('bench/results.json') as { measuredAt: string; settings: { lambdaMemoryMb: number }; routes: ProfileMeasurements['routes'] };
    const { usage, assumptions } = profileUsage(values.profile, profile, {
      routes: bench.routes,
      lambdaMemoryMb: bench.settings.lambdaMemoryMb,
      measuredAt: bench.measuredAt,
    });
    report = costReport(prices, usage, { assumptions, ...(budget === undefined ? {} : { monthlyBudgetUsd: budget }) });
    title = `Chorus: a month of the ${values.profile} profile`;
  } else {
    const env = { ...process.env, [ENV.COST_USAGE_FILE]: process.env[ENV.COST_USAGE_FILE] ?? usageFileOf(DEFAULT_DATA_DIR) };
    const config = readCostConfig(env);
    const usage =
      config.kind === 'cloudwatch'
        ? cloudWatchUsageSource(new CloudWatchClient({}), parseMetricTargets(config.metricsJson))
        : localUsageSource(config.usageFile);
    const monthlyBudgetUsd = budget ?? config.monthlyBudgetUsd;
    let period: Period;
    try {
      period = resolvePeriod({ from: values.from, to: values.to }, new Date());
    } catch (error) {
      fail((error as Error).message);
    }
    report = await reportCosts({ prices, usage, clock: () => new Date(), ...(monthlyBudgetUsd === undefined ? {} : { monthlyBudgetUsd }) }, period);
    title = 'Chorus cost report';
  }
  const text = values.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : values.format === 'html' ? renderHtml(report, title) : renderTable(report);
  if (values.out) {
    // npm runs scripts in the package root; a relative --out means where the user typed the command.
    const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
    writeFileSync(out, text);
    console.error(`cost: wrote ${values.format} to ${out}`);
  } else process.stdout.write(text);
}

main().catch((error: unknown) => {
  console.error(`cost: ${(error as Error).message}`);
  process.exit(1);
});
