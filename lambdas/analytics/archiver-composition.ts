/** The archiver's adapters, created once per container. */
import { S3Client } from '@aws-sdk/client-s3';
import { lakeBucket } from '../config';
import { systemClock } from '../domain/clock';
import type { ArchiverDeps } from './ports';
import { s3LakeStore } from './s3-lake-store';

let archiver: ArchiverDeps | undefined;

export const archiverDeps = (): ArchiverDeps => (archiver ??= { lake: s3LakeStore(new S3Client({}), lakeBucket()), clock: systemClock });
