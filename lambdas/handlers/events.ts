import { recordClientEvents } from '../analytics/publish';
import { clientEventDeps } from '../analytics/events-composition';
import { eventsRoutes } from '../api/routes/events';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

// No table runtime: this group queues events and reads the posts they name (its own composition, lambdas/analytics).
export const handler = httpHandler(eventsRoutes, {
  recordEvents: async ({ caller, body }) => ok(await recordClientEvents(clientEventDeps(), caller, body.events)),
});
