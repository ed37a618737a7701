/**
 * The analytics functions' adapters, created once per container. Only handlers (and the local
 * runtime) import this; the use cases receive ports.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { analyticsQueueUrl, lakeBucket } from '../config';
import { systemClock } from '../domain/clock';
import { s3LakeStore, sqsEventQueue } from './aws-adapters';
import type { ArchiverDeps, PublisherDeps } from './ports';

let publisher: PublisherDeps | undefined;
let archiver: ArchiverDeps | undefined;

export const analyticsRuntime = {
  publisher: (): PublisherDeps => (publisher ??= { queue: sqsEventQueue(new SQSClient({}), analyticsQueueUrl()), clock: systemClock }),
  archiver: (): ArchiverDeps => (archiver ??= { lake: s3LakeStore(new S3Client({}), lakeBucket()), clock: systemClock }),
};
