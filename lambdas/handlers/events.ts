import { recordClientEvents } from '../analytics/publish';
import { publisherDeps } from '../analytics/publisher-composition';
import { eventsRoutes } from '../api/routes/events';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

// No table runtime: this group only queues events (its own composition, lambdas/analytics).
export const handler = httpHandler(eventsRoutes, {
  recordEvents: async ({ caller, body }) => ok(await recordClientEvents(publisherDeps(), caller, body.events)),
});
