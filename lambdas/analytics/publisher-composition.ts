/**
 * The adapters of the functions that queue analytics events (the stream publisher, POST /v1/events),
 * created once per container. The archiver has its own (archiver-composition.ts), so these bundles
 * carry no S3 client.
 */
import { analyticsQueueUrl } from '../config';
import { systemClock } from '../domain/clock';
import type { PublisherDeps } from './ports';
import { sqsClient } from './sqs-client';
import { sqsEventQueue } from './sqs-event-queue';

let publisher: PublisherDeps | undefined;

export const publisherDeps = (): PublisherDeps => (publisher ??= { queue: sqsEventQueue(sqsClient, analyticsQueueUrl()), clock: systemClock });
