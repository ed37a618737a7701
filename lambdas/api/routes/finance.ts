/** What the community costs (finance). Served by lambdas/handlers/finance.ts. */
import { CostReport, CostsQuery, Ledger, LedgerQuery } from '../finance-schemas';
import type { GroupRoutes } from '../route-spec';

export const financeRoutes = [
  {
    method: 'GET',
    path: '/v1/finance/costs',
    group: 'finance',
    operationId: 'getCosts',
    summary: 'What the community costs: by component and feature, per unit of activity, month-end projection, against budget (finance)',
    query: CostsQuery,
    success: { status: 200, schema: CostReport },
    errors: [403],
    rules: ['from must be before to, and a report covers at most 366 days (400)'],
  },
  {
    method: 'GET',
    path: '/v1/finance/ledger',
    group: 'finance',
    operationId: 'getLedger',
    summary:
      "A community's escape-velocity ledger per week: labor (measured handle time x rate + fixed staffing) and infrastructure against the value measures and their money, cumulated since it opened, the projected crossover and a staffing forecast (finance, community managers)",
    query: LedgerQuery,
    success: { status: 200, schema: Ledger },
    errors: [403, 404],
    rules: ['from must not be after to, and a ledger shows at most 366 days (400)', 'the community must exist (404)'],
  },
] as const satisfies GroupRoutes<'finance'>;
