import { financeRoutes } from '../api/routes/finance';
import { getCosts } from '../finance/costs';
import { financeDeps, ledgerDeps } from '../finance/finance-composition';
import { getLedger } from '../finance/ledger';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

// Its own composition (lambdas/finance): CloudWatch metrics, and for the ledger the table's audit (read only) and the lake.
export const handler = httpHandler(financeRoutes, {
  getCosts: async ({ caller, query }) => ok(await getCosts(financeDeps, caller, query)),
  getLedger: async ({ caller, query }) => ok(await getLedger(ledgerDeps, caller, query)),
});
