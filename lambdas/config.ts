/**
 * Runtime configuration, read once per container. Nothing else in lambdas/ reads process.env.
 * A missing required variable throws naming it. The CDK stack sets these on each function that needs
 * them (lib/constructs), together with the grant; the local runtime sets them before importing a handler.
 */
export const ENV = {
  TABLE_NAME: 'TABLE_NAME',
  IDEMPOTENCY_TABLE_NAME: 'IDEMPOTENCY_TABLE_NAME',
  SERVICE_VERSION: 'SERVICE_VERSION',
  ANALYTICS_QUEUE_URL: 'ANALYTICS_QUEUE_URL',
  DOMAIN_EVENTS_TOPIC_ARN: 'DOMAIN_EVENTS_TOPIC_ARN',
  NOTIFICATIONS_QUEUE_URL: 'NOTIFICATIONS_QUEUE_URL',
  LAKE_BUCKET: 'LAKE_BUCKET',
  COST_METRICS: 'COST_METRICS',
  COST_USAGE_FILE: 'COST_USAGE_FILE',
  COST_MONTHLY_BUDGET_USD: 'COST_MONTHLY_BUDGET_USD',
  LIVE_CONNECTIONS_TABLE_NAME: 'LIVE_CONNECTIONS_TABLE_NAME',
  LIVE_MANAGEMENT_ENDPOINT: 'LIVE_MANAGEMENT_ENDPOINT',
  LIVE_TOKEN_ISSUER: 'LIVE_TOKEN_ISSUER',
  LIVE_TOKEN_JWKS_URI: 'LIVE_TOKEN_JWKS_URI',
  LIVE_TOKEN_CLIENT_IDS: 'LIVE_TOKEN_CLIENT_IDS',
  MEMBER_DATA_QUEUE_URL: 'MEMBER_DATA_QUEUE_URL',
  EXPORT_BUCKET: 'EXPORT_BUCKET',
  LEDGER_ATHENA_WORKGROUP: 'LEDGER_ATHENA_WORKGROUP',
  LEDGER_ATHENA_DATABASE: 'LEDGER_ATHENA_DATABASE',
} as const;

/** What every function knows about itself. */
export interface ServiceConfig {
  readonly serviceVersion: string;
}

/** Where the functions that hold a table grant find their tables. */
export interface StorageConfig {
  readonly tableName: string;
  readonly idempotencyTableName: string;
}

const required = (name: string, env: NodeJS.ProcessEnv): string => {
  const value = env[name];
  if (!value) throw new Error(`missing required environment variable ${name}`);
  return value;
};

export const readServiceConfig = (env: NodeJS.ProcessEnv = process.env): ServiceConfig => ({
  serviceVersion: env[ENV.SERVICE_VERSION] ?? '0.0.0-local',
});

export const readStorageConfig = (env: NodeJS.ProcessEnv = process.env): StorageConfig => ({
  tableName: required(ENV.TABLE_NAME, env),
  idempotencyTableName: required(ENV.IDEMPOTENCY_TABLE_NAME, env),
});

let service: ServiceConfig | undefined;
let storage: StorageConfig | undefined;
export const serviceConfig = (): ServiceConfig => (service ??= readServiceConfig());
export const storageConfig = (): StorageConfig => (storage ??= readStorageConfig());

/** The community table, for a function that only reads it (POST /v1/events checks the posts its events name). */
export const tableName = (env: NodeJS.ProcessEnv = process.env): string => required(ENV.TABLE_NAME, env);
/** Where the analytics producers (publisher, POST /v1/events) send events. */
export const analyticsQueueUrl = (env: NodeJS.ProcessEnv = process.env): string => required(ENV.ANALYTICS_QUEUE_URL, env);
/** Where the stream publisher publishes domain events (one topic; every consumer subscribes). */
export const domainEventsTopicArn = (env: NodeJS.ProcessEnv = process.env): string => required(ENV.DOMAIN_EVENTS_TOPIC_ARN, env);
/** The notifier's own queue, where it sends the pages of a large fan-out. */
export const notificationsQueueUrl = (env: NodeJS.ProcessEnv = process.env): string => required(ENV.NOTIFICATIONS_QUEUE_URL, env);
/** Where export and erasure jobs go (the API's privacy function) and come from (the worker). */
export const memberDataQueueUrl = (env: NodeJS.ProcessEnv = process.env): string => required(ENV.MEMBER_DATA_QUEUE_URL, env);
/** The bucket of export archives. */
export const exportBucket = (env: NodeJS.ProcessEnv = process.env): string => required(ENV.EXPORT_BUCKET, env);
/**
 * What signing the archives' GET URLs needs without an S3 client: the bucket, the function's region
 * (AWS_REGION, which Lambda sets), and the S3 endpoint the SDK would use (AWS_ENDPOINT_URL_S3, else
 * AWS_ENDPOINT_URL; locally the emulator's; in AWS neither is set and S3's regional endpoint is used).
 */
export interface ArchiveUrlConfig {
  readonly bucket: string;
  readonly region: string;
  readonly endpoint: string | undefined;
}

export const readArchiveUrlConfig = (env: NodeJS.ProcessEnv = process.env): ArchiveUrlConfig => ({
  bucket: required(ENV.EXPORT_BUCKET, env),
  region: env.AWS_REGION || env.AWS_DEFAULT_REGION || required('AWS_REGION', env),
  endpoint: env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined,
});

/** The lake bucket the archiver writes to. */
export const lakeBucket = (env: NodeJS.ProcessEnv = process.env): string => required(ENV.LAKE_BUCKET, env);

/** The Athena workgroup and Glue database the ledger-measures job queries the lake in. */
export const ledgerAthena = (env: NodeJS.ProcessEnv = process.env) => ({
  workGroup: required(ENV.LEDGER_ATHENA_WORKGROUP, env),
  database: required(ENV.LEDGER_ATHENA_DATABASE, env),
});

/**
 * Where the finance report reads usage: CloudWatch metrics of the resources named in COST_METRICS
 * (JSON, set by the stack), or, locally, the local runtime's recording in COST_USAGE_FILE.
 */
export type CostConfig =
  | { readonly kind: 'cloudwatch'; readonly metricsJson: string; readonly monthlyBudgetUsd?: number }
  | { readonly kind: 'local'; readonly usageFile: string; readonly monthlyBudgetUsd?: number };

export function readCostConfig(env: NodeJS.ProcessEnv = process.env): CostConfig {
  const rawBudget = env[ENV.COST_MONTHLY_BUDGET_USD];
  const budget = rawBudget === undefined || rawBudget === '' ? undefined : Number(rawBudget);
  if (budget !== undefined && !(Number.isFinite(budget) && budget > 0)) {
    throw new Error(`${ENV.COST_MONTHLY_BUDGET_USD} must be a number of US dollars > 0, got ${rawBudget}`);
  }
  const withBudget = budget === undefined ? {} : { monthlyBudgetUsd: budget };
  const metricsJson = env[ENV.COST_METRICS];
  if (metricsJson) return { kind: 'cloudwatch', metricsJson, ...withBudget };
  const usageFile = env[ENV.COST_USAGE_FILE];
  if (usageFile) return { kind: 'local', usageFile, ...withBudget };
  throw new Error(`missing required environment variable ${ENV.COST_METRICS} (in AWS) or ${ENV.COST_USAGE_FILE} (locally)`);
}

/** Where live pushes go: the sockets' connections table and the WebSocket API's Management API (its stage's callback URL). */
export interface LivePushConfig {
  readonly connectionsTableName: string;
  readonly managementEndpoint: string;
}

export const readLivePushConfig = (env: NodeJS.ProcessEnv = process.env): LivePushConfig => ({
  connectionsTableName: required(ENV.LIVE_CONNECTIONS_TABLE_NAME, env),
  managementEndpoint: required(ENV.LIVE_MANAGEMENT_ENDPOINT, env),
});

/**
 * Whose access tokens open a socket: the user pool's issuer (https://cognito-idp.<region>.amazonaws.com/<pool id>,
 * locally the local issuer), its JWKS, and the app clients the tokens must have been issued to (comma-separated).
 */
export interface AccessTokenConfig {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientIds: readonly string[];
}

export function readAccessTokenConfig(env: NodeJS.ProcessEnv = process.env): AccessTokenConfig {
  const clientIds = required(ENV.LIVE_TOKEN_CLIENT_IDS, env)
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  if (clientIds.length === 0) throw new Error(`${ENV.LIVE_TOKEN_CLIENT_IDS} must name at least one app client id, got none`);
  return { issuer: required(ENV.LIVE_TOKEN_ISSUER, env), jwksUri: required(ENV.LIVE_TOKEN_JWKS_URI, env), clientIds };
}

/** What the logger reads, the variables Powertools' Logger reads: its service name and level (INFO by default). */
export interface LogConfig {
  readonly serviceName: string | undefined;
  readonly level: string;
}

export const readLogConfig = (env: NodeJS.ProcessEnv = process.env): LogConfig => ({
  serviceName: env.POWERTOOLS_SERVICE_NAME,
  level: (env.POWERTOOLS_LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? env.LOG_LEVEL ?? 'INFO').toUpperCase(),
});

/** The X-Ray trace header of the invocation running now (Lambda sets it per invocation: read it per use). */
export const traceHeader = (env: NodeJS.ProcessEnv = process.env): string => env._X_AMZN_TRACE_ID ?? '';

/** This function's name, as Lambda sets it ('' outside Lambda). */
export const functionName = (env: NodeJS.ProcessEnv = process.env): string => env.AWS_LAMBDA_FUNCTION_NAME ?? '';
