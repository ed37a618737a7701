/** Finding a running local runtime from another process (npm run token, seed, analytics, redrive). */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { developerSetting } from './process-environment';

/** Written by startLocal while it runs; removed by stop(). */
export const runtimeFileOf = (dataDir: string): string => join(dataDir, 'local-runtime.json');
export const issuerFileOf = (dataDir: string): string => join(dataDir, 'issuer.json');

/** Where a running local runtime serves, as the CLIs need it. */
export interface RuntimeEndpoints {
  /** http://localhost:<port> */
  readonly baseUrl: string;
  /** fauxqs's SQS endpoint (http://sqs.<region>.localhost:<port>). */
  readonly sqs: string;
  /** fauxqs's S3 endpoint (http://s3.localhost:<port>). */
  readonly s3: string;
  /** DynamoDB Local's endpoint (the ledger CLI reads the audit there); absent in files of older runtimes. */
  readonly dynamodb?: string;
}

/** Tells other processes where this runtime listens; resolves to the file's removal. */
export async function writeRuntimeFile(dataDir: string, endpoints: RuntimeEndpoints): Promise<() => Promise<void>> {
  const file = runtimeFileOf(dataDir);
  await writeFile(file, `${JSON.stringify({ ...endpoints, pid: process.pid }, null, 2)}\n`);
  return () => rm(file, { force: true });
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The endpoints of the runtime using `dataDir`, if one is running; otherwise those `npm start`
 * would use (PORT, default 3000; FAUXQS_PORT, default 4566), so a CLI started first still names them.
 */
export async function localEndpoints(dataDir: string, region = 'us-east-1'): Promise<RuntimeEndpoints & { readonly running: boolean }> {
  try {
    const running = JSON.parse(await readFile(runtimeFileOf(dataDir), 'utf8')) as Record<string, unknown>;
    const { baseUrl, sqs, s3, dynamodb, pid } = running;
    if (typeof baseUrl === 'string' && typeof sqs === 'string' && typeof s3 === 'string' && typeof pid === 'number' && isAlive(pid)) {
      return { baseUrl, sqs, s3, ...(typeof dynamodb === 'string' ? { dynamodb } : {}), running: true };
    }
  } catch {
    // no runtime running (or a stale file from a killed one)
  }
  const fauxqsPort = developerSetting('FAUXQS_PORT') ?? 4566;
  return {
    baseUrl: `http://localhost:${developerSetting('PORT') ?? 3000}`,
    sqs: `http://sqs.${region}.localhost:${fauxqsPort}`,
    s3: `http://s3.localhost:${fauxqsPort}`,
    running: false,
  };
}

/** The base URL of the runtime using `dataDir` (see localEndpoints). */
export async function localBaseUrl(dataDir: string): Promise<string> {
  return (await localEndpoints(dataDir)).baseUrl;
}

/** "delete .data/ to start fresh", naming the data dir as the developer would type it. */
export function startFreshHint(dataDir: string, cwd: string = process.cwd()): string {
  const shown = relative(cwd, dataDir);
  return `delete ${shown === '' || shown.startsWith('..') || isAbsolute(shown) ? dataDir : shown}/ to start fresh`;
}
