import { financeRoutes } from '../api/routes/finance';
import { getCosts } from '../finance/costs';
import { financeDeps } from '../finance/finance-composition';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

// No table runtime: this group reads CloudWatch metrics (its own composition, lambdas/finance).
export const handler = httpHandler(financeRoutes, {
  getCosts: async ({ caller, query }) => ok(await getCosts(financeDeps, caller, query)),
});
