/**
 * Idempotency-Key records, made once per container on first use. Its own module because the
 * idempotency records belong only in bundles of groups with idempotent routes.
 */
import { storageConfig } from '../config';
import { dynamoIdempotency } from '../http/idempotency';
import type { Idempotency } from '../http/idempotency-key';
import { dynamoClient } from '../store/dynamo-client';

let idempotency: Idempotency | undefined;

export const idempotencyStore = (): Idempotency => (idempotency ??= dynamoIdempotency(dynamoClient, storageConfig().idempotencyTableName));
