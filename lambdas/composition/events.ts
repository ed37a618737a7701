/**
 * The events group's adapters, created once per container: the analytics queue (as the publisher has
 * it), the posts its events are checked against, and each member's rate window. No content store, no
 * idempotency.
 */
import { publisherDeps } from '../analytics/publisher-composition';
import type { ClientEventDeps } from '../analytics/ports';
import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { ChorusDeps } from '../domain/ports';
import { documentClient } from '../store/dynamo-client';
import { dynamoPostDirectory } from '../store/dynamo-post-directory';
import { dynamoRateLimiter } from '../store/dynamo-rate-limiter';
import type { Runtime } from '../http/http-handler';
import { memberStore } from './table-adapters';

let events: ClientEventDeps | undefined;
let rate: Pick<ChorusDeps, 'rateLimiter' | 'clock'> | undefined;

/** The queue and the posts directory the client-events use case receives. */
export const clientEventDeps = (): ClientEventDeps => (events ??= { ...publisherDeps(), posts: dynamoPostDirectory(documentClient, tableName()) });

/** The rate limiter the per-member event limit uses. */
export const eventsRateDeps = () => (rate ??= { rateLimiter: dynamoRateLimiter(documentClient, tableName()), clock: systemClock });

/** No use-case dependencies through the runtime (the operation takes the two above); the sanction check's store. */
export const eventsRuntime: Runtime<undefined> = { deps: () => undefined, standing: memberStore };
