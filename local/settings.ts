/**
 * Where the local runtime keeps its data, which ports it takes and what it checks before starting
 * anything: the options of startLocal with their defaults applied, in one place.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertJava, type TableNames } from './dynamodb-local';
import type { loadHandlerClients } from './handler-environment';
import type { LocalApiLogger } from './local-api';
import { assertPortFree } from './ports';
import { developerSetting } from './process-environment';
import { startFreshHint } from './runtime-file';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
/**
 * The data dir of `npm start` and the CLIs: CHORUS_DATA_DIR when set (so the CLIs find a runtime
 * started with another data dir, as the integration tests' is), otherwise `.data/` in the repo root.
 */
export const DEFAULT_DATA_DIR = resolve(developerSetting('CHORUS_DATA_DIR') ?? join(REPO_ROOT, '.data'));
/** Where the local runtime records usage for the finance report. */
export const usageFileOf = (dataDir: string): string => join(dataDir, 'usage.jsonl');
export const LOCAL_TABLES: TableNames = {
  table: 'chorus-local',
  idempotencyTable: 'chorus-local-idempotency',
  liveConnectionsTable: 'chorus-local-live-connections',
};
/** The environment variables that override the default ports, named in "port in use" messages. */
export const PORT_ENV = { http: 'PORT', dynamodb: 'DYNAMODB_LOCAL_PORT', fauxqs: 'FAUXQS_PORT' } as const;

export interface StartLocalOptions {
  /** HTTP port of the local API. Default 3000; 0 picks a free port. */
  readonly port?: number;
  /** Where emulator data and the issuer key live. Default `.data/` in the repo root. */
  readonly dataDir?: string;
  /** DynamoDB Local's port. Default 8000; 0 picks a free port. */
  readonly dynamoDbPort?: number;
  /** fauxqs's port (SQS and S3). Default 4566; 0 picks a free port. */
  readonly fauxqsPort?: number;
  /** Keep DynamoDB Local and fauxqs in memory instead of under the data dir (tests). Default false. */
  readonly inMemory?: boolean;
  /** Only errors are logged, by the runtime and by the handlers (POWERTOOLS_LOG_LEVEL=ERROR). Default false. */
  readonly quiet?: boolean;
  /** Where the runtime's own lines go. Default the console. */
  readonly logger?: LocalApiLogger;
  /** Seed demo communities and posts once ready (idempotent). Default false. */
  readonly seed?: boolean;
  /** Default us-east-1. */
  readonly region?: string;
  /** Directory of the route groups' handler modules (<group>.ts). Default lambdas/handlers. */
  readonly handlersDir?: string;
  /** Each function's timeout. Default 10 s. */
  readonly functionTimeoutMs?: number;
  /**
   * Called once with the SDK clients the handlers share, before any handler runs: the integration
   * tests add middleware there to inject faults (a crash after a write commits). Default none.
   */
  readonly instrumentHandlerClients?: (clients: HandlerClients) => void;
}

/** The SDK clients the handlers share in this process (handler-environment.ts). */
export type HandlerClients = Awaited<ReturnType<typeof loadHandlerClients>>;

/** The options with their defaults applied. */
export interface LocalSettings {
  readonly logger: LocalApiLogger;
  readonly region: string;
  readonly dataDir: string;
  readonly httpPort: number;
  readonly dynamoDbPort: number;
  readonly fauxqsPort: number;
  readonly inMemory: boolean;
  readonly quiet: boolean;
  readonly seed: boolean;
  readonly handlersDir: string;
  readonly functionTimeoutMs: number | undefined;
  /** "delete .data/ to start fresh", for messages about unreadable data. */
  readonly freshHint: string;
}

const consoleLogger: LocalApiLogger = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, ...(error === undefined ? [] : [error])),
};

export function resolveSettings(options: StartLocalOptions): LocalSettings {
  const base = options.logger ?? consoleLogger;
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  return {
    logger: options.quiet ? { info: () => undefined, error: base.error } : base,
    region: options.region ?? 'us-east-1',
    dataDir,
    httpPort: options.port ?? 3000,
    dynamoDbPort: options.dynamoDbPort ?? 8000,
    fauxqsPort: options.fauxqsPort ?? 4566,
    inMemory: options.inMemory ?? false,
    quiet: options.quiet ?? false,
    seed: options.seed ?? false,
    handlersDir: options.handlersDir ?? join(REPO_ROOT, 'lambdas/handlers'),
    functionTimeoutMs: options.functionTimeoutMs || undefined,
    freshHint: startFreshHint(dataDir),
  };
}

/** Fails fast, before anything starts, on what the developer has to fix (no Java, a port taken). */
export async function assertStartable(settings: LocalSettings): Promise<void> {
  const ports: [number, string][] = [
    [settings.httpPort, PORT_ENV.http],
    [settings.dynamoDbPort, PORT_ENV.dynamodb],
    [settings.fauxqsPort, PORT_ENV.fauxqs],
  ];
  await Promise.all([assertJava(), ...ports.map(([port, hint]) => (port !== 0 ? assertPortFree(port, hint) : undefined))]);
}
