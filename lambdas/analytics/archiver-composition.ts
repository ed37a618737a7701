/** The archiver's adapters, created once per container. */
import { lakeBucket, tableName } from '../config';
import { systemClock } from '../domain/clock';
import { documentClient } from '../store/dynamo-client';
import { dynamoPseudonymKeys } from '../store/dynamo-pseudonym-keys';
import type { ArchiverDeps } from './ports';
import { s3Client } from './s3-client';
import { s3LakeStore } from './s3-lake-store';

let archiver: ArchiverDeps | undefined;

export const archiverDeps = (): ArchiverDeps =>
  (archiver ??= {
    lake: s3LakeStore(s3Client, lakeBucket()),
    clock: systemClock,
    // The members' keys: the lake holds pseudonyms, never member ids.
    pseudonyms: dynamoPseudonymKeys(documentClient, tableName()),
  });
