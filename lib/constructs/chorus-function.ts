import { CfnElement, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { Policy, PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../../lambdas/config';
import type { CostControls } from './cost-controls';

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

/** One of the item actions a function may be granted on a table. */
export type ItemAction = (typeof ITEM_ACTIONS)[number];

/** What a function that pushes to live sockets is bound to (LiveUpdates implements it). */
export interface LivePushTarget {
  /** Open sockets by member and group. */
  readonly connectionsTable: ITable;
  /** The WebSocket API stage whose Management API posts to the sockets. */
  readonly stage: WebSocketStage;
}

/** The Lambda runtime every Chorus function runs on; the project pins the same Node major locally. */
export const CHORUS_RUNTIME = Runtime.NODEJS_24_X;

/** Credential providers the default chain imports only when no environment credentials exist. */
export const UNREACHED_CREDENTIAL_SOURCES = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
] as const;

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
export const CHORUS_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  // The maps carry file names and positions, not the sources' text: Node (--enable-source-maps) maps a
  // stack with those alone, and parses every byte of a map at import. Without the text a map is 70 %
  // smaller and the import takes about 9 % less CPU (BENCHMARKS.md § 1).
  sourcesContent: false,
  mainFields: ['module', 'main'],
  externalModules: [...UNREACHED_CREDENTIAL_SOURCES],
  // Node reads sources as UTF-8: escaping every non-ASCII character (esbuild's default) costs 6 to 12
  // bytes each, 45 KB for the confusables data alone. (An argument: this aws-cdk-lib ignores `charset`.)
  esbuildArgs: { '--charset': 'utf8' },
  banner: "import { createRequire as __chorusCreateRequire } from 'node:module'; const require = __chorusCreateRequire(import.meta.url);",
} as const satisfies BundlingOptions;

/** Lambda's limits on memory (MB) and run time (s). */
const MEMORY_MB = { min: 128, max: 10_240 } as const;
const MAX_TIMEOUT_S = 900;

export interface ChorusFunctionProps {
  /** Path of the TypeScript entry point, exporting `handler`. */
  readonly entry: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /**
   * Memory, in MB. arm64 at 1024 MB gets enough CPU for a short cold start of a bundled SDK.
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
   * Extra environment variables. Variables that name a resource are not set here: each bind method
   * (`bindTable`, `bindAnalyticsQueue`, ...) sets its variable together with the grant.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Bundling beyond CHORUS_BUNDLING: values esbuild puts in place of global names at build time (the
   * public function's OpenAPI document, members-api.ts).
   * @default - CHORUS_BUNDLING alone
   */
  readonly define?: Readonly<Record<string, string>>;
}

/**
 * The house Lambda function: Node.js 24 on arm64, a minified ESM bundle with source maps, its own
 * log group with retention, X-Ray active tracing, Powertools settings, and a role with no managed
 * policies (it may only write its own log group and traces until something is bound to it).
 *
 * It is a `NodejsFunction`, so grants, metrics and integrations take it as it is. Resources are
 * bound one way, `fn.bindX(resource)`, and each bind sets the environment variable that names the
 * resource and the grant together: one never exists without the other.
 */
export class ChorusFunction extends NodejsFunction {
  /** Always our own role (never the default one with AWSLambdaBasicExecutionRole). */
  declare readonly role: IRole;
  /** Memory in MB, as deployed (the cost report prices GB-seconds with it). */
  readonly memorySize: number;

  constructor(scope: Construct, id: string, props: ChorusFunctionProps) {
    const memorySize = props.memorySize ?? 1024;
    const timeout = props.timeout ?? Duration.seconds(10);
    validateProps(props, memorySize, timeout);

    // The log group and the role are needed by the function's constructor, before the function can
    // have children, so they are its siblings (`<id>LogGroup`, `<id>Role`), as in Powertools'
    // FunctionWithLogGroup.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    // Our own role instead of the default one, which carries the AWS-managed
    // AWSLambdaBasicExecutionRole (write access to every log group in the account).
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: CHORUS_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize,
      timeout,
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      bundling: props.define ? { ...CHORUS_BUNDLING, define: { ...props.define } } : CHORUS_BUNDLING,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'chorus',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
    });
    this.memorySize = memorySize;

    // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords on "*" to the role.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions; the only wildcard in this role is the one Tracing.ACTIVE adds for them.',
    });
  }

  /** Lets this function read and write the community table's items (and its indexes) and names it in TABLE_NAME. */
  bindTable(table: ITable): void {
    this.bindItems(ENV.TABLE_NAME, table);
  }

  /**
   * Lets this function use only `actions` on the community table's items and names it in TABLE_NAME:
   * for a function whose table use is narrow (POST /v1/events reads the posts its events name in
   * batches and updates its caller's rate window, nothing else).
   */
  bindTableActions(table: ITable, actions: readonly ItemAction[]): void {
    if (actions.length === 0) throw new Error(`actions must name at least one of ${ITEM_ACTIONS.join(', ')}, got none`);
    this.addEnvironment(ENV.TABLE_NAME, table.tableName);
    table.grant(this, ...actions);
    this.acknowledgeIndexWildcard(table);
  }

  /** Lets this function keep Idempotency-Key records in `table` and names it in IDEMPOTENCY_TABLE_NAME. */
  bindIdempotencyTable(table: ITable): void {
    this.bindItems(ENV.IDEMPOTENCY_TABLE_NAME, table);
  }

  /** Lets this function send events to the analytics queue and names it in ANALYTICS_QUEUE_URL. */
  bindAnalyticsQueue(queue: IQueue): void {
    this.addEnvironment(ENV.ANALYTICS_QUEUE_URL, queue.queueUrl);
    queue.grantSendMessages(this);
  }

  /** Lets this function publish to the domain-events topic (and use its key) and names it in DOMAIN_EVENTS_TOPIC_ARN. */
  bindDomainEventsTopic(topic: ITopic): void {
    this.addEnvironment(ENV.DOMAIN_EVENTS_TOPIC_ARN, topic.topicArn);
    topic.grantPublish(this);
    if (topic.masterKey) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          "Publishing to an encrypted topic needs a data key from the topic's own key (KMS names the action family GenerateDataKey*); the grant is on that one key only.",
      });
    }
  }

  /** Lets this function send to the notifications queue (the pages of a large fan-out) and names it in NOTIFICATIONS_QUEUE_URL. */
  bindNotificationsQueue(queue: IQueue): void {
    this.addEnvironment(ENV.NOTIFICATIONS_QUEUE_URL, queue.queueUrl);
    queue.grantSendMessages(this);
  }

  /**
   * Lets this function write objects under `prefixes` of the lake bucket, and names the bucket in
   * LAKE_BUCKET. Writes only: the archiver never reads or deletes the lake.
   */
  bindLake(bucket: IBucket, prefixes: readonly string[]): void {
    const bad = prefixes.find((prefix) => !/^[\w.=-]+(\/[\w.=-]+)*\/$/.test(prefix));
    if (prefixes.length === 0 || bad !== undefined) {
      throw new Error(`prefixes must be one or more key prefixes ending in "/", such as "events/v1/", got ${JSON.stringify(prefixes)}`);
    }
    this.addEnvironment(ENV.LAKE_BUCKET, bucket.bucketName);
    // grantPut would add s3:Abort* and object ACL/legal-hold actions the archiver has no use for.
    this.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)) }));

    const bucketId = logicalIdOf(bucket);
    for (const prefix of prefixes) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason:
          `The archiver writes objects whose keys it derives from each batch, so it needs PutObject on the ${prefix} prefix of the lake bucket; ` +
          'nothing else in the bucket.',
      });
    }
  }

  /**
   * Lets this function compact the lake under `prefix`: list it, read, write and delete its objects
   * (merged objects replace small ones), and names the bucket in LAKE_BUCKET. Nothing outside `prefix`.
   */
  bindLakeCompaction(bucket: IBucket, prefix: string): void {
    if (!/^[\w.=-]+(\/[\w.=-]+)*\/$/.test(prefix))
      throw new Error(`prefix must be a key prefix ending in "/", such as "events/v1/", got ${JSON.stringify(prefix)}`);
    this.addEnvironment(ENV.LAKE_BUCKET, bucket.bucketName);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } }),
    );
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }),
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/${prefix}*]`,
      reason: `Compaction reads, writes and deletes objects whose keys it lists under ${prefix} of the lake bucket; nothing else in the bucket.`,
    });
  }

  /**
   * Lets this function use the export archives and names the bucket in EXPORT_BUCKET: the worker
   * writes and deletes them; the API only signs GET URLs, which act with its permission to read.
   */
  bindExportArchives(bucket: IBucket, as: 'worker' | 'api'): void {
    this.addEnvironment(ENV.EXPORT_BUCKET, bucket.bucketName);
    const actions = as === 'worker' ? ['s3:PutObject', 's3:DeleteObject'] : ['s3:GetObject'];
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [bucket.arnForObjects('exports/*')] }));
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/exports/*]`,
      reason: 'Archive keys are made per export (exports/<exportId>.json): the prefix is the narrowest scope, and the bucket holds nothing else.',
    });
  }

  /** Lets this function queue export and erasure jobs and sign archive URLs (MEMBER_DATA_QUEUE_URL, EXPORT_BUCKET). */
  bindMemberDataJobs(jobs: { readonly queue: IQueue; readonly bucket: IBucket }): void {
    this.addEnvironment(ENV.MEMBER_DATA_QUEUE_URL, jobs.queue.queueUrl);
    jobs.queue.grantSendMessages(this);
    this.bindExportArchives(jobs.bucket, 'api');
  }

  /**
   * Makes this function the cost reporter of `costs`: names the resources whose free CloudWatch
   * metrics it prices (COST_METRICS) and the budget (COST_MONTHLY_BUDGET_USD), and lets it read
   * those metrics.
   */
  bindCostReport(costs: CostControls): void {
    this.addEnvironment(ENV.COST_METRICS, Stack.of(this).toJsonString(costs.metricTargetsFor(this)));
    this.addEnvironment(ENV.COST_MONTHLY_BUDGET_USD, String(costs.monthlyBudgetUsd));
    costs.grantReadMetrics(this);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudwatch:GetMetricData supports no resource-level permissions (its resource must be *); it is read-only, ' +
        'and besides it this role has only the X-Ray wildcard Tracing.ACTIVE adds.',
    });
  }

  /**
   * Lets this function add accounts of `pool` to its groups (cognito-idp:AdminAddUserToGroup on that
   * pool only), for the pool's post-confirmation trigger. No variable: Cognito names the pool in every
   * trigger event.
   *
   * The statement is a policy of its own, not one on the role's default policy: the pool depends on
   * this function (its trigger), and the function on its role's default policy, so a grant there on
   * the pool's ARN would be a dependency cycle. A standalone policy depends on the pool and the role,
   * and nothing depends on it: the exact pool ARN, no wildcard, no custom resource.
   */
  bindUserPoolGroups(pool: IUserPool): void {
    new Policy(this, 'UserPoolGroupsPolicy', {
      roles: [this.role],
      statements: [new PolicyStatement({ actions: ['cognito-idp:AdminAddUserToGroup'], resources: [pool.userPoolArn] })],
    });
  }

  /**
   * Lets this function push to live sockets (lambdas/composition/live.ts livePush()): read the
   * connections table and forget gone sockets in it (Query, DeleteItem), and post to connections of
   * that stage only (execute-api:ManageConnections on its @connections); names the table in
   * LIVE_CONNECTIONS_TABLE_NAME and the stage's Management API in LIVE_MANAGEMENT_ENDPOINT.
   */
  bindLivePush(live: LivePushTarget): void {
    this.addEnvironment(ENV.LIVE_CONNECTIONS_TABLE_NAME, live.connectionsTable.tableName);
    this.addEnvironment(ENV.LIVE_MANAGEMENT_ENDPOINT, live.stage.callbackUrl);
    live.connectionsTable.grant(this, 'dynamodb:Query', 'dynamodb:DeleteItem');
    live.stage.grantManagementApiAccess(this);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${logicalIdOf(live.stage.api)}>/${live.stage.stageName}/*/@connections/*]`,
      reason: 'Pushes go to whichever sockets are open, so ManageConnections covers the @connections of this one API stage; no other API, stage or action.',
    });
  }

  /**
   * Makes this function the WebSocket API's route handler: it may push (bindLivePush, for $default's
   * answers) and also remember sockets on $connect (PutItem) in the connections table.
   */
  bindLiveSockets(live: LivePushTarget): void {
    this.bindLivePush(live);
    live.connectionsTable.grant(this, 'dynamodb:PutItem');
  }

  /** Item access to `table` and its name in `variable`, together. */
  private bindItems(variable: string, table: ITable): void {
    this.addEnvironment(variable, table.tableName);
    // Item operations only: no Scan (no request path scans), no stream or table-management actions.
    table.grant(this, ...ITEM_ACTIONS);
    this.acknowledgeIndexWildcard(table);
  }

  private acknowledgeIndexWildcard(table: ITable): void {
    // The grant covers the table's indexes as <table ARN>/index/*: every index of this one table.
    const tableId = logicalIdOf(table);
    if (tableId) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: `Reaches the indexes of ${table.node.path} only: the grant scopes index access to <table ARN>/index/*, which names no other table.`,
      });
    }
  }
}

/** The logical ID of a resource defined in this app (undefined for an imported one). */
function logicalIdOf(resource: ITable | IBucket | WebSocketStage['api']): string | undefined {
  const cfn = resource.node.defaultChild;
  return cfn instanceof CfnElement ? String(Stack.of(cfn).resolve(cfn.logicalId)) : undefined;
}

function validateProps(props: ChorusFunctionProps, memorySize: number, timeout: Duration): void {
  if (props.description.trim() === '') throw new Error('description must say what the function does, got an empty string');
  if (!Token.isUnresolved(memorySize) && !(Number.isInteger(memorySize) && memorySize >= MEMORY_MB.min && memorySize <= MEMORY_MB.max)) {
    throw new Error(`memorySize must be a whole number of MB between ${MEMORY_MB.min} and ${MEMORY_MB.max}, got ${memorySize}`);
  }
  if (!timeout.isUnresolved() && (timeout.toMilliseconds() < 1000 || timeout.toSeconds() > MAX_TIMEOUT_S)) {
    throw new Error(`timeout must be between 1 and ${MAX_TIMEOUT_S} seconds, got ${timeout.toHumanString()}`);
  }
}
