/** The archiver's adapters, created once per container. */
import { lakeBucket } from '../config';
import { systemClock } from '../domain/clock';
import type { ArchiverDeps } from './ports';
import { s3Client } from './s3-client';
import { s3LakeStore } from './s3-lake-store';

let archiver: ArchiverDeps | undefined;

export const archiverDeps = (): ArchiverDeps => (archiver ??= { lake: s3LakeStore(s3Client, lakeBucket()), clock: systemClock });
