/**
 * The adapters of POST /v1/events, created once per container: the analytics queue (as the
 * publisher has it) and the posts its events are checked against. Only the table's read path: no
 * content store, no idempotency.
 */
import { tableName } from '../config';
import { documentClient } from '../store/dynamo-client';
import { dynamoPostDirectory } from '../store/dynamo-post-directory';
import type { ClientEventDeps } from './ports';
import { publisherDeps } from './publisher-composition';

let events: ClientEventDeps | undefined;

export const clientEventDeps = (): ClientEventDeps => (events ??= { ...publisherDeps(), posts: dynamoPostDirectory(documentClient, tableName()) });
