import { recordClientEvents } from '../analytics/publish';
import { publisherDeps } from '../analytics/publisher-composition';
import { eventsRoutes } from '../api/routes/events';
import { eventsRateDeps } from '../composition/events';
import { enforceEventLimit } from '../domain/rate-limit';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

// The events are queued (lambdas/analytics); the table only keeps each member's rate window.
export const handler = httpHandler(eventsRoutes, {
  recordEvents: async ({ caller, body }) => {
    await enforceEventLimit(eventsRateDeps(), caller, body.events.length);
    return ok(await recordClientEvents(publisherDeps(), caller, body.events));
  },
});
