/** The compactor's adapters, created once per container. */
import { lakeBucket } from '../config';
import { systemClock } from '../domain/clock';
import type { CompactorDeps } from './ports';
import { s3Client } from './s3-client';
import { s3CompactableLake } from './s3-compactable-lake';

let compactor: CompactorDeps | undefined;

export const compactorDeps = (): CompactorDeps => (compactor ??= { lake: s3CompactableLake(s3Client, lakeBucket()), clock: systemClock });
