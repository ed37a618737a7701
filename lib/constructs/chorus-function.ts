import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ENV } from '../../lambdas/config';

/** The environment variables that name a table (lambdas/config.ts). */
export type TableVariable = (typeof ENV)['TABLE_NAME' | 'IDEMPOTENCY_TABLE_NAME'];

/** What a request path may do to a table's items: point reads, queries and (transactional) writes. */
export const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The Lambda runtime every Chorus function runs on; the project pins the same Node major locally. */
export const CHORUS_RUNTIME = Runtime.NODEJS_24_X;

/**
 * How every Chorus bundle is built. Exported so the bundle smoke test (test/infra) builds bundles
 * with exactly these options instead of a copy that could drift.
 *
 * - ESM, because @middy/core 7 is ESM-only; `module` before `main` so dual packages resolve to ESM.
 * - The banner gives bundled CommonJS dependencies a `require` (esbuild's ESM output has none).
 * - The AWS SDK is bundled: pinned versions, and a smaller cold start than loading the runtime's
 *   full copy. Left out are only the credential sources the SDK's default chain imports lazily and
 *   Lambda never reaches, because Lambda puts the role's credentials in the environment, which the
 *   chain reads first (SSO, ini files, processes, web identity, container and instance metadata):
 *   132 KB of every bundle (BENCHMARKS.md).
 */
/** Credential providers the default chain imports only when no environment credentials exist. */
export const UNREACHED_CREDENTIAL_SOURCES = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
] as const;

export const CHORUS_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  externalModules: [...UNREACHED_CREDENTIAL_SOURCES],
  banner: "import { createRequire as __chorusCreateRequire } from 'node:module'; const require = __chorusCreateRequire(import.meta.url);",
} as const satisfies BundlingOptions;

export interface ChorusFunctionProps {
  /** Path of the TypeScript entry point, exporting `handler`. */
  readonly entry: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /**
   * Memory. arm64 at 1024 MB gets enough CPU for a short cold start of a bundled SDK.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Maximum run time of one invocation.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when the function is removed from the stack.
   * @default RemovalPolicy.DESTROY - logs are operational data, not records
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Powertools logger level.
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Extra environment variables. Table names are not set here: use `bindTable`, which grants access
   * in the same step.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * The house Lambda function: Node.js 24 on arm64, a minified ESM bundle with source maps, its own
 * log group with retention, X-Ray active tracing, Powertools settings, and a role with no managed
 * policies (it may only write its own log group and traces until something is bound to it).
 */
export class ChorusFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ChorusFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // Our own role instead of the default one, which carries the AWS-managed
    // AWSLambdaBasicExecutionRole (write access to every log group in the account).
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: CHORUS_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role,
      bundling: CHORUS_BUNDLING,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'chorus',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
    });

    // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords on "*" to the role.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions; the only wildcard in this role is the one Tracing.ACTIVE adds for them.',
    });
  }

  /**
   * Lets this function read and write `table`'s items (and its indexes) and names the table in the
   * environment variable `variable`: the grant and the variable exist together or not at all.
   */
  bindTable(variable: TableVariable, table: ITable): void {
    this.function.addEnvironment(variable, table.tableName);
    // Item operations only: no Scan (no request path scans), no stream or table-management actions.
    table.grant(this.function, ...ITEM_ACTIONS);

    // The grant covers the table's indexes as <table ARN>/index/*: every index of this one table.
    const cfnTable = table.node.defaultChild;
    if (cfnTable instanceof CfnElement && this.function.role) {
      const logicalId: unknown = Stack.of(cfnTable).resolve(cfnTable.logicalId);
      Validations.of(this.function.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${String(logicalId)}.Arn>/index/*]`,
        reason: `Queries the indexes of ${table.node.path} only: the grant scopes index access to <table ARN>/index/*, which names no other table.`,
      });
    }
  }
}
