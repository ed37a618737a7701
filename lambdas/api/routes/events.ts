/** Engagement events from the apps, queued for the lake. Served by lambdas/handlers/events.ts. */
import { ClientEventBatch, ClientEventBatchContract, ClientEventResults } from '../../analytics/event-schemas';
import { EVENTS_PER_MINUTE } from '../../domain/rate-limit';
import type { GroupRoutes } from '../route-spec';

export const eventsRoutes = [
  {
    method: 'POST',
    path: '/v1/events',
    group: 'events',
    operationId: 'recordEvents',
    summary: `Record a batch of engagement events from the apps (per-event verdicts; at most ${EVENTS_PER_MINUTE} events a minute per member)`,
    body: ClientEventBatch,
    documentedBody: ClientEventBatchContract,
    // Each event is bounded on its own (MAX_EVENT_DEPTH, by the use case), so one deep event is refused
    // alone rather than costing the batch: the body as a whole is bounded by its size only.
    maxBodyDepth: Number.POSITIVE_INFINITY,
    success: { status: 200, schema: ClientEventResults },
    errors: [413, 415, 422, 429],
  },
] as const satisfies GroupRoutes<'events'>;
