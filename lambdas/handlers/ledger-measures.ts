/**
 * The ledger's lake measures, computed on a schedule (EventBridge Scheduler, daily in AWS; the local
 * runtime's timer and `npm run ledger -- --refresh` locally, with the same use case on DuckDB): every
 * community's weeks measured on the lake and stored, so GET /v1/finance/ledger never waits on Athena.
 * Input: `{}` (every community) or `{ "communityId": "..." }`.
 */
import middy from '@middy/core';
import { refreshLedgerMeasures } from '../finance/ledger-measures';
import { ledgerMeasuresDeps } from '../finance/ledger-measures-composition';
import { injectLambdaContext, logger } from '../http/logger';

export interface LedgerMeasuresRequest {
  readonly communityId?: string;
}

export const handler = middy<LedgerMeasuresRequest, { communities: number; weeks: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const only = event?.communityId;
    if (only !== undefined && typeof only !== 'string') throw new TypeError(`communityId must be a string, got ${typeof only}`);
    const summary = await refreshLedgerMeasures(ledgerMeasuresDeps(), only);
    logger.info('ledger measures stored', summary);
    return summary;
  });
