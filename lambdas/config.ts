/**
 * Runtime configuration, read once at cold start. Nothing else in lambdas/ reads process.env.
 * A missing required variable throws naming it. The CDK stack sets these on every function
 * (lib/constructs/chorus-function.ts); the local runtime sets them before importing a handler.
 */
export const ENV = {
  TABLE_NAME: 'TABLE_NAME',
  IDEMPOTENCY_TABLE_NAME: 'IDEMPOTENCY_TABLE_NAME',
  SERVICE_VERSION: 'SERVICE_VERSION',
} as const;

export interface Config {
  readonly tableName: string;
  readonly idempotencyTableName: string;
  readonly serviceVersion: string;
}

const required = (name: string, env: NodeJS.ProcessEnv): string => {
  const value = env[name];
  if (!value) throw new Error(`missing required environment variable ${name}`);
  return value;
};

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => ({
  tableName: required(ENV.TABLE_NAME, env),
  idempotencyTableName: required(ENV.IDEMPOTENCY_TABLE_NAME, env),
  serviceVersion: env[ENV.SERVICE_VERSION] ?? '0.0.0-local',
});

let cached: Config | undefined;
/** The configuration of this container, read on first use. */
export const config = (): Config => (cached ??= readConfig());
