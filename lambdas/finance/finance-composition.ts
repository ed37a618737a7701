/**
 * The finance function's adapters, created once per container: the price table, the budget and the
 * usage source (CloudWatch in AWS, the local runtime's recording locally, chosen by lambdas/config.ts).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import priceTableJson from '../../pricing/aws-us-east-1.json';
import { readCostConfig } from '../config';
import { systemClock, type Clock } from '../domain/clock';
import { cloudWatchUsageSource, parseMetricTargets } from './cloudwatch-usage-source';
import { localUsageSource } from './local-usage-source';
import { parsePriceTable, type PriceTable } from './pricing';
import type { UsageSource } from './usage';

export interface FinanceDeps {
  readonly prices: PriceTable;
  readonly usage: UsageSource;
  readonly monthlyBudgetUsd?: number;
  readonly clock: Clock;
}

let deps: FinanceDeps | undefined;

export const financeDeps = (): FinanceDeps => {
  if (!deps) {
    const config = readCostConfig();
    const usage = config.kind === 'cloudwatch' ? cloudWatchUsageSource(new CloudWatchClient({}), parseMetricTargets(config.metricsJson)) : localUsageSource(config.usageFile);
    deps = { prices: parsePriceTable(priceTableJson), usage, clock: systemClock, ...(config.monthlyBudgetUsd ? { monthlyBudgetUsd: config.monthlyBudgetUsd } : {}) };
  }
  return deps;
};
