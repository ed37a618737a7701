import { recordClientEvents } from '../analytics/client-events';
import { clientEventDeps, eventsRateDeps, eventsRuntime } from '../composition/events';
import { eventsRoutes } from '../api/routes/events';
import { enforceEventLimit } from '../domain/rate-limit';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

// The events go to the queue (lambdas/analytics), checked against the posts they name; the table also
// keeps each member's rate window.
export const handler = httpHandler(eventsRoutes, eventsRuntime, {
  recordEvents: async ({ caller, body }) => {
    await enforceEventLimit(eventsRateDeps(), caller, body.events.length);
    return ok(await recordClientEvents(clientEventDeps(), caller, body.events));
  },
});
