import { financeDeps } from '../finance/finance-composition';
import { getCosts } from '../finance/costs';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

// No table runtime: this group reads CloudWatch metrics (its own composition, lambdas/finance).
export const handler = httpHandler('finance', undefined, {
  getCosts: async ({ caller, query }) => ok(await getCosts(financeDeps, caller, query)),
});
