/** Finding the base URL of a local runtime from another process (npm run token, npm run seed). */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { developerSetting } from './process-environment';
import { isAbsolute, join, relative } from 'node:path';

/** Written by startLocal while it runs; removed by stop(). */
export const runtimeFileOf = (dataDir: string): string => join(dataDir, 'local-runtime.json');
export const issuerFileOf = (dataDir: string): string => join(dataDir, 'issuer.json');

/** Tells other processes where this runtime listens; resolves to the file's removal. */
export async function writeRuntimeFile(dataDir: string, baseUrl: string): Promise<() => Promise<void>> {
  const file = runtimeFileOf(dataDir);
  await writeFile(file, `${JSON.stringify({ baseUrl, pid: process.pid }, null, 2)}\n`);
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
 * The base URL of the runtime using `dataDir`, if one is running; otherwise the one `npm start`
 * would use (PORT, default 3000).
 */
export async function localBaseUrl(dataDir: string): Promise<string> {
  try {
    const running = JSON.parse(await readFile(runtimeFileOf(dataDir), 'utf8')) as { baseUrl?: unknown; pid?: unknown };
    if (typeof running.baseUrl === 'string' && typeof running.pid === 'number' && isAlive(running.pid)) return running.baseUrl;
  } catch {
    // no runtime running (or a stale file from a killed one)
  }
  return `http://localhost:${developerSetting('PORT') ?? 3000}`;
}

/** "delete .data/ to start fresh", naming the data dir as the developer would type it. */
export function startFreshHint(dataDir: string, cwd: string = process.cwd()): string {
  const shown = relative(cwd, dataDir);
  return `delete ${shown === '' || shown.startsWith('..') || isAbsolute(shown) ? dataDir : shown}/ to start fresh`;
}
