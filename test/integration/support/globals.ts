import type { LocalRuntime } from '../../../local/start-local';

/** Where the global setup leaves the runtime for the global teardown (same process). */
export const LOCAL_RUNTIME_KEY = '__chorusLocalRuntime';

export type IntegrationGlobals = typeof globalThis & {
  [LOCAL_RUNTIME_KEY]?: { readonly runtime: LocalRuntime; readonly dataDir: string };
};
