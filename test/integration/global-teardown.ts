/** Stops the local runtime the global setup started (if it started one) and removes its data dir. */
import { rm } from 'node:fs/promises';
import { LOCAL_RUNTIME_KEY, type IntegrationGlobals } from './support/globals';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as IntegrationGlobals;
  const local = globals[LOCAL_RUNTIME_KEY];
  if (!local) return;
  delete globals[LOCAL_RUNTIME_KEY];
  try {
    await local.runtime.stop();
  } finally {
    await rm(local.dataDir, { recursive: true, force: true });
  }
}
