/**
 * The events group's adapters, created once per container: the analytics queue (the apps' events go
 * there directly; domain events reach it through the domain-events topic), the posts its events are checked against, and each member's rate window. No content store, no
 * idempotency.
 */
import type { ClientEventDeps } from '../analytics/ports';
import { sqsClient } from '../analytics/sqs-client';
import { sqsEventQueue } from '../analytics/sqs-event-queue';
import { analyticsQueueUrl, tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { ChorusDeps } from '../domain/ports';
import { documentClient } from '../store/dynamo-client';
import { dynamoPostDirectory } from '../store/dynamo-post-directory';
import { dynamoRateLimiter } from '../store/dynamo-rate-limiter';
import type { Runtime } from '../http/http-handler';
import { standingStore } from './table-adapters';

let events: ClientEventDeps | undefined;
let rate: Pick<ChorusDeps, 'rateLimiter' | 'clock'> | undefined;

/** The queue and the posts directory the client-events use case receives. */
export const clientEventDeps = (): ClientEventDeps =>
  (events ??= {
    queue: sqsEventQueue(sqsClient, analyticsQueueUrl()),
    clock: systemClock,
    posts: dynamoPostDirectory(documentClient, tableName()),
  });

/** The rate limiter the per-member event limit uses. */
export const eventsRateDeps = () => (rate ??= { rateLimiter: dynamoRateLimiter(documentClient, tableName()), clock: systemClock });

/** No use-case dependencies through the runtime (the operation takes the two above); the sanction check's store. */
export const eventsRuntime: Runtime<undefined> = { deps: () => undefined, standing: standingStore };
