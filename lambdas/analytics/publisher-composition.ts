/**
 * The stream publisher's adapters, created once per container: domain events go to the one
 * domain-events topic (SNS), which every consumer subscribes to. POST /v1/events queues the apps'
 * events on the analytics queue directly (lambdas/composition/events.ts). The archiver has its own
 * composition (archiver-composition.ts), so these bundles carry no S3 client.
 */
import { domainEventsTopicArn } from '../config';
import { systemClock } from '../domain/clock';
import type { PublisherDeps } from './ports';
import { snsClient } from './sns-client';
import { snsEventTopic } from './sns-event-topic';

let publisher: PublisherDeps | undefined;

export const publisherDeps = (): PublisherDeps => (publisher ??= { queue: snsEventTopic(snsClient, domainEventsTopicArn()), clock: systemClock });
