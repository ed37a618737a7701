/**
 * The composition root of a Lambda container: the adapters the use cases receive, created once.
 * Only handlers import this; the domain never does.
 */
import { storageConfig } from './config';
import { systemClock } from './domain/clock';
import type { ChorusDeps } from './domain/ports';
import type { Runtime } from './http/http-handler';
import { dynamoIdempotency } from './http/idempotency';
import type { Idempotency } from './http/idempotency-key';
import { documentClient, dynamoClient } from './store/dynamo-client';
import { dynamoModerationStore } from './store/dynamo-moderation-store';
import { dynamoStore } from './store/dynamo-store';

let deps: ChorusDeps | undefined;
let idempotency: Idempotency | undefined;

export const runtime: Runtime = {
  deps: () => {
    if (!deps) {
      const store = dynamoStore(documentClient, storageConfig().tableName);
      const moderation = dynamoModerationStore(documentClient, storageConfig().tableName);
      deps = { communities: store, posts: store, comments: store, reactions: store, rateLimiter: store, moderation, clock: systemClock };
    }
    return deps;
  },
  idempotency: () => (idempotency ??= dynamoIdempotency(dynamoClient, storageConfig().idempotencyTableName)),
};
