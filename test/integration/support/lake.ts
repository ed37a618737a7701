/**
 * The emulated lake, read the way an analyst would: copies of its objects in temporary directories
 * that DuckDB reads. One per test file (or describe): the S3 client and the localhost names are set
 * up in beforeAll, and every copy is removed in afterAll.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { syncLake } from '../../../lambdas/analytics/duckdb-lake';
import { localAnalytics, resolveLocalhostNames } from './local-aws';

export interface LocalLake {
  /** A fresh temporary directory, removed after the tests. */
  tempDir(prefix: string): Promise<string>;
  /** A fresh copy of the lake bucket's objects (under `keyPrefix`, if given). */
  copy(dirPrefix: string, keyPrefix?: string): Promise<string>;
}

export function useLocalLake(): LocalLake {
  let restoreDns: (() => void) | undefined;
  let s3: S3Client | undefined;
  const dirs: string[] = [];
  beforeAll(() => {
    restoreDns = resolveLocalhostNames();
    s3 = new S3Client({ forcePathStyle: false });
  });
  afterAll(async () => {
    s3?.destroy();
    restoreDns?.();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  return {
    tempDir,
    async copy(dirPrefix, keyPrefix) {
      const dir = await tempDir(dirPrefix);
      await syncLake(s3!, localAnalytics().lakeBucket!, dir, keyPrefix);
      return dir;
    },
  };
}
