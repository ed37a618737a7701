/**
 * The finance function's adapters, created once per container: the price table, the budget and the
 * usage source (CloudWatch in AWS, the local runtime's recording locally, chosen by lambdas/config.ts);
 * for the ledger also the labor and value tables, the table's audit and the lake measures the
 * ledger-measures job stored there (the route never queries the lake: no Athena client here).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import laborJson from '../../pricing/labor.json';
import priceTableJson from '../../pricing/aws-us-east-1.json';
import valueJson from '../../pricing/value.json';
import { readCostConfig, tableName } from '../config';
import { systemClock } from '../domain/clock';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunityOpening, dynamoLaborSource, dynamoMeasureStore } from '../store/dynamo-ledger-sources';
import { cloudWatchUsageSource, parseMetricTargets } from './cloudwatch-usage-source';
import type { CostsDeps } from './costs';
import { parseLaborRates } from './labor';
import type { LedgerDeps } from './ledger';
import { localUsageSource } from './local-usage-source';
import { parsePriceTable } from './pricing';
import { storedMeasures } from './ledger-measures';
import { parseValueTable } from './value';

let deps: CostsDeps | undefined;
let ledger: LedgerDeps | undefined;

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

/** What the ledger use case needs (LedgerDeps), made once per container. */
export const ledgerDeps = (): LedgerDeps => {
  if (!ledger) {
    const table = tableName();
    ledger = {
      ...financeDeps(),
      laborRates: parseLaborRates(laborJson),
      valueTable: parseValueTable(valueJson),
      labor: dynamoLaborSource(documentClient, table),
      openedAt: dynamoCommunityOpening(documentClient, table),
      measures: storedMeasures(dynamoMeasureStore(documentClient, table)),
    };
  }
  return ledger;
};
