import { storageConfig } from '../config';
import { systemClock } from '../domain/clock';
import type { ChorusDeps } from '../domain/ports';
import { documentClient } from '../store/dynamo-client';
import { dynamoRateLimiter } from '../store/dynamo-rate-limiter';

let deps: Pick<ChorusDeps, 'rateLimiter' | 'clock'> | undefined;

/** The events group's table adapter: only the rate limiter (the events themselves go to the queue, lambdas/analytics). */
export const eventsRateDeps = () => (deps ??= { rateLimiter: dynamoRateLimiter(documentClient, storageConfig().tableName), clock: systemClock });
