/** What the community costs (finance). Served by lambdas/handlers/finance.ts. */
import { CostReport, CostsQuery } from '../finance-schemas';
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
] as const satisfies GroupRoutes<'finance'>;
