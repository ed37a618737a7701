import { publisherDeps } from '../analytics/publisher-composition';
import { recordClientEvents } from '../analytics/publish';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

// No table runtime: this group only queues events (its own composition, lambdas/analytics).
export const handler = httpHandler('events', undefined, {
  recordEvents: async ({ caller, body }) => ok(await recordClientEvents(publisherDeps(), caller, body.events)),
});
