/**
 * The finance function's adapters, created once per container: the price table, the budget and the
 * usage source (CloudWatch in AWS, the local runtime's recording locally, chosen by lambdas/config.ts).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import priceTableJson from '../../pricing/aws-us-east-1.json';
import { readCostConfig } from '../config';
import { systemClock } from '../domain/clock';
import { cloudWatchUsageSource, parseMetricTargets } from './cloudwatch-usage-source';
import type { CostsDeps } from './costs';
import { localUsageSource } from './local-usage-source';
import { parsePriceTable } from './pricing';

let deps: CostsDeps | undefined;

/** What the cost use cases declare they need (CostsDeps), made once per container. */
export const financeDeps = (): CostsDeps => {
  if (!deps) {
    const config = readCostConfig();
    const usage =
      config.kind === 'cloudwatch'
        ? cloudWatchUsageSource(new CloudWatchClient({}), parseMetricTargets(config.metricsJson))
        : localUsageSource(config.usageFile);
    deps = {
      prices: parsePriceTable(priceTableJson),
      usage,
      clock: systemClock,
      ...(config.monthlyBudgetUsd ? { monthlyBudgetUsd: config.monthlyBudgetUsd } : {}),
    };
  }
  return deps;
};
