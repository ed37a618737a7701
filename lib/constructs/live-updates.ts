import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { ENV } from '../../lambdas/config';
import { liveDesign } from '../../lambdas/live/live-design';
import { liveConnectionsTableDesign as design, tableDesign } from '../../lambdas/store/table-design';
import { ChorusFunction, type LivePushTarget } from './chorus-function';

export interface LiveUpdatesProps {
  /** The user pool whose access tokens open a socket. */
  readonly userPool: IUserPool;
  /** The app client the tokens must have been issued to. */
  readonly appClient: IUserPoolClient;
  /** The community table: its stream carries the moderation queue's and the desks' counters to staff's sockets. */
  readonly table: ITable;
  /**
   * Messages per second across the stage (in and out of every socket).
   * @default 1000 (liveDesign.throttle)
   */
  readonly throttlingRateLimit?: number;
  /**
   * Messages that may arrive at once above the steady rate.
   * @default 500 (liveDesign.throttle)
   */
  readonly throttlingBurstLimit?: number;
  /**
   * How long the functions' and the stage's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

const entry = (name: string): string => fileURLToPath(new URL(`../../lambdas/handlers/${name}.ts`, import.meta.url));

/** One JSON line per connect, message and disconnect: who (the authorizer's member), which route, how it ended. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  connectionId: '$context.connectionId',
  status: '$context.status',
  integrationLatency: '$context.integrationLatency',
  authorizerError: '$context.authorizer.error',
  memberId: '$context.authorizer.memberId',
} as const;

/**
 * Live updates: an API Gateway WebSocket API whose $connect is authorized by a Lambda that verifies
 * the Cognito access token with aws-jwt-verify (the token comes as a subprotocol or `?token=`, since
 * browsers cannot set headers on a socket), $connect/$disconnect/$default on one function that keeps
 * the sockets in a connections table of their own (TTL), and a stream consumer that pushes the
 * moderation queue's counts to moderators when the backlog counters change. Any other function
 * pushes with `fn.bindLivePush(live)`: the table and the Management API of this stage, nothing else.
 */
export class LiveUpdates extends Construct implements LivePushTarget {
  readonly webSocketApi: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly connectionsTable: ITable;
  readonly authorizer: ChorusFunction;
  /** $connect, $disconnect and $default. */
  readonly connections: ChorusFunction;
  readonly queueCounts: ChorusFunction;
  /** wss://<api>.execute-api.<region>.amazonaws.com/live: what the apps connect to. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: LiveUpdatesProps) {
    super(scope, id);
    const throttle = {
      rateLimit: props.throttlingRateLimit ?? liveDesign.throttle.rateLimit,
      burstLimit: props.throttlingBurstLimit ?? liveDesign.throttle.burstLimit,
    };
    validateThrottle(throttle);
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;

    // Ephemeral and nobody's record (lambdas/store/table-design.ts): no stream, no backups, gone with the stack.
    const connectionsTable = new Table(this, 'ConnectionsTable', {
      partitionKey: { name: design.partitionKey, type: AttributeType.STRING },
      sortKey: { name: design.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: design.timeToLiveAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(connectionsTable).acknowledge({
      id: 'AwsSolutions-DDB3',
      reason:
        'Open sockets only: every item expires within hours (TTL) and is rebuilt by the next connect, so point-in-time recovery would restore nothing worth having.',
    });
    this.connectionsTable = connectionsTable;

    const issuer = `https://${props.userPool.userPoolProviderName}`;
    this.authorizer = new ChorusFunction(this, 'Authorizer', {
      entry: entry('live-authorizer'),
      description: 'Chorus live updates: $connect authorizer (Cognito access token, aws-jwt-verify)',
      memorySize: 256,
      logRetention,
      environment: {
        [ENV.LIVE_TOKEN_ISSUER]: issuer,
        [ENV.LIVE_TOKEN_JWKS_URI]: `${issuer}/.well-known/jwks.json`,
        [ENV.LIVE_TOKEN_CLIENT_IDS]: props.appClient.userPoolClientId,
      },
    });
    this.connections = new ChorusFunction(this, 'Connections', {
      entry: entry('live'),
      description: 'Chorus live updates: $connect, $disconnect and $default of the WebSocket API',
      memorySize: 256,
      logRetention,
    });

    this.webSocketApi = new WebSocketApi(this, 'WebSocketApi', {
      description: 'Chorus live updates (notifications, unread counts, moderation queue counts)',
      connectRouteOptions: {
        integration: new WebSocketLambdaIntegration('ConnectIntegration', this.connections),
        authorizer: new WebSocketLambdaAuthorizer('AccessTokenAuthorizer', this.authorizer, {
          // API Gateway refuses a handshake that lacks an identity source without calling the
          // authorizer. The token may be in either of two places (a subprotocol or ?token=), so the
          // source is a header every WebSocket handshake carries (RFC 6455), and the authorizer looks.
          identitySource: ['route.request.header.Sec-WebSocket-Key'],
        }),
      },
      disconnectRouteOptions: { integration: new WebSocketLambdaIntegration('DisconnectIntegration', this.connections) },
      defaultRouteOptions: { integration: new WebSocketLambdaIntegration('DefaultIntegration', this.connections) },
    });
    for (const route of ['$disconnect', '$default']) {
      const child = this.webSocketApi.node.tryFindChild(`${route}-Route`);
      if (child) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `API Gateway authorizes a WebSocket connection once, on $connect; ${route} belongs to a connection that passed it, and carries its authorizer context.`,
        });
      }
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.webSocketApi,
      stageName: liveDesign.stageName,
      autoDeploy: true,
      throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)) },
    });
    this.url = this.stage.url;

    this.connections.bindLiveSockets(this);

    const source = liveDesign.queueCountsSource;
    this.queueCounts = new ChorusFunction(this, 'QueueCounts', {
      entry: entry('live-queue-counts'),
      description:
        "Chorus live updates: the moderation queue's counts to moderators' sockets, each desk's to staff's, a read mark's unread count to the member's",
      memorySize: 256,
      timeout: Duration.seconds(source.timeoutSeconds),
      logRetention,
    });
    this.queueCounts.bindLivePush(this);
    // A desk frame's overdue count reads the desk's due-time counters (GetItem, Query), nothing else.
    this.queueCounts.bindTableActions(props.table, ['dynamodb:GetItem', 'dynamodb:Query']);
    this.queueCounts.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: source.batchSize,
        maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
        retryAttempts: source.retryAttempts,
        reportBatchItemFailures: false,
        // Only the counter items invoke the function (filtered records are not billed): the moderation queue's
        // backlog, each community's desk's, and each member's unread counter (records matching any filter pass).
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { Keys: Object.fromEntries(Object.entries(liveDesign.queueCountsKeys).map(([name, value]) => [name, { S: FilterRule.isEqual(value) }])) },
          }),
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: {
              Keys: {
                [tableDesign.partitionKey]: { S: FilterRule.beginsWith(liveDesign.deskCountsKeys.pkPrefix) },
                [tableDesign.sortKey]: { S: FilterRule.isEqual(liveDesign.deskCountsKeys.sk) },
              },
            },
          }),
          // Each member's unread counter when it changes (a read mark lowers it; the handler pushes only a lowered count).
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('MODIFY'),
            dynamodb: {
              Keys: {
                [tableDesign.partitionKey]: { S: FilterRule.beginsWith(liveDesign.unreadCountKeys.pkPrefix) },
                [tableDesign.sortKey]: { S: FilterRule.isEqual(liveDesign.unreadCountKeys.sk) },
              },
            },
          }),
        ],
      }),
    );
    Validations.of(this.queueCounts.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams (added by the stream event source) and X-Ray do not support resource-level permissions.',
    });
  }
}

function validateThrottle(throttle: { rateLimit: number; burstLimit: number }): void {
  for (const [name, value] of [
    ['throttlingRateLimit', throttle.rateLimit],
    ['throttlingBurstLimit', throttle.burstLimit],
  ] as const) {
    if (!Token.isUnresolved(value) && !(Number.isInteger(value) && value > 0)) throw new Error(`${name} must be a whole number above 0, got ${value}`);
  }
}
