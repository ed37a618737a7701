import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { ROUTE_GROUPS, authorizationScopesOf, routesOf, type RouteGroup } from '../../lambdas/api/routes';
import { packedOpenApiDocument } from '../../lambdas/api/openapi';
import { OPENAPI_DOCUMENT_GLOBAL } from '../../lambdas/api/openapi-packed';
import { ENV } from '../../lambdas/config';
import { ChorusFunction, type ItemAction } from './chorus-function';

/** Route groups whose use cases keep state in the community table. */
const STATEFUL_GROUPS: ReadonlySet<RouteGroup> = new Set(['members', 'communities', 'posts', 'comments', 'reactions', 'moderation']);

/**
 * Route groups with a narrow use of the community table, and the only actions they get: POST /v1/events
 * reads the posts its events name in one batch and updates its caller's rate window; the notifications
 * group keeps follows and inboxes; the privacy group keeps export jobs and erasure audits (the stack
 * binds its job queue and archive bucket: bindMemberDataJobs). Each also reads (creates, at a first
 * contribution) the caller's state for the sanction check.
 */
const NARROW_TABLE_GROUPS: Partial<Record<RouteGroup, readonly ItemAction[]>> = {
  events: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
  // Follows and inboxes: reads what a follow names, writes follows, marks entries read (transactions).
  notifications: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  // The ledger reads a community (its opening) and its audit by period (byCommunityAudit): nothing else.
  finance: ['dynamodb:GetItem', 'dynamodb:Query'],
  // Export jobs and erasure audits (put conditionally, read back); a manager's erasure request may create their state.
  privacy: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // Votes (a vote, its tally, trending window and budget unit in one transaction) and the board's pages.
  ideas: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // A merge: both ideas, their tallies (the target's checked), the job and timeline entries; its steps move votes.
  'idea-merges': ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  // Assignments with their timeline entries and settings are Puts; the rest reads.
  'idea-workflow': ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  // The response desk: reads communities, desk items and counters (claim and stats queries); writes desk
  // items, their audit and counters in transactions (Put, Update) and response policies (Update).
  desk: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
};

/** Where a group's Lambda entry point lives: lambdas/handlers/<group>.ts. */
export const handlerEntry = (group: RouteGroup): string => fileURLToPath(new URL(`../../lambdas/handlers/${group}.ts`, import.meta.url));

/**
 * What a group's bundle gets at build time besides CHORUS_BUNDLING: the public function serves the
 * OpenAPI document generated here, from the route table's schemas, so its bundle carries none of them
 * (lambdas/handlers/public.ts). The benchmark builds bundles with the same.
 */
export const bundleDefinesOf = (group: RouteGroup): Readonly<Record<string, string>> | undefined =>
  group === 'public' ? { [OPENAPI_DOCUMENT_GLOBAL]: JSON.stringify(packedOpenApiDocument()) } : undefined;

/**
 * One JSON object per request in the access log. `$context.authorizer.claims.sub` is the member,
 * so a log line can be tied to an account without logging the token.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  memberId: '$context.authorizer.claims.sub',
} as const;

export interface MembersApiProps {
  /** The community table; bound to the groups that keep state. */
  readonly table: ITable;
  /** Powertools idempotency records; bound to the groups that have an idempotent route. */
  readonly idempotencyTable: ITable;
  /** The user pool whose tokens the API accepts (the JWT issuer). */
  readonly userPool: IUserPool;
  /** The app client whose tokens the API accepts (the JWT audience). */
  readonly appClient: IUserPoolClient;
  /** Browser origins allowed by CORS, e.g. `https://community.example.com`. */
  readonly corsOrigins: readonly string[];
  /** Reported by GET /v1/health and the OpenAPI document. */
  readonly serviceVersion: string;
  /**
   * Steady-state requests per second across the stage, applied to every route.
   * @default 100
   */
  readonly throttlingRateLimit?: number;
  /**
   * Requests that may arrive at once above the steady rate.
   * @default 200
   */
  readonly throttlingBurstLimit?: number;
  /**
   * How long access logs and function logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The members' HTTP API: one route per entry of the route table, one Lambda per route group, a JWT
 * authorizer (the user pool) requiring the access-token scope on every route that is not public, default-stage throttling, JSON
 * access logs, CORS for the apps' origins. Each function gets exactly the tables its group uses.
 */
export class MembersApi extends Construct {
  readonly httpApi: IHttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  /** One function per route group, by group. */
  readonly functions: Readonly<Record<RouteGroup, ChorusFunction>>;
  /** The API's base URL (the $default stage). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: MembersApiProps) {
    super(scope, id);
    validateProps(props);

    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const throttle = { rateLimit: props.throttlingRateLimit ?? 100, burstLimit: props.throttlingBurstLimit ?? 200 };

    const api = new HttpApi(this, 'HttpApi', {
      description: 'Chorus members API',
      // The $default stage is created below, with throttling and access logs.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.corsOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE, CorsHttpMethod.OPTIONS],
        allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
        exposeHeaders: ['ETag', 'Location', 'Retry-After'],
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const authorizer = new HttpJwtAuthorizer('MemberJwt', `https://${props.userPool.userPoolProviderName}`, {
      jwtAudience: [props.appClient.userPoolClientId],
    });

    const functions = {} as Record<RouteGroup, ChorusFunction>;
    for (const group of ROUTE_GROUPS) {
      const groupRoutes = routesOf(group);
      const fn = new ChorusFunction(this, `${pascal(group)}Function`, {
        entry: handlerEntry(group),
        description: `Chorus members API, ${group} routes`,
        logRetention,
        environment: { [ENV.SERVICE_VERSION]: props.serviceVersion },
        define: bundleDefinesOf(group),
      });
      if (STATEFUL_GROUPS.has(group)) fn.bindTable(props.table);
      const narrow = NARROW_TABLE_GROUPS[group];
      if (narrow) fn.bindTableActions(props.table, narrow);
      if (groupRoutes.some((r) => r.idempotent)) fn.bindIdempotencyTable(props.idempotencyTable);
      functions[group] = fn;

      const integration = new HttpLambdaIntegration(`${pascal(group)}Integration`, fn);
      for (const route of groupRoutes) {
        const [httpRoute] = api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
          // The scope is what refuses ID tokens: the authorizer checks issuer and audience, which an
          // ID token of the same app client passes, but only access tokens carry the scope.
          ...(route.public ? {} : { authorizer, authorizationScopes: [...authorizationScopesOf(route)] }),
        });
        if (route.public && httpRoute) {
          Validations.of(httpRoute).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${route.method} ${route.path} is public by design in the route table (liveness and the API description need no account); it reads no member data.`,
          });
        }
      }
    }

    this.httpApi = api;
    this.functions = functions;
    this.url = this.stage.url;
  }
}

const pascal = (group: string): string => group.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase());

function validateProps(props: MembersApiProps): void {
  if (props.corsOrigins.length === 0) throw new Error('corsOrigins must list at least one origin, got none');
  if (props.serviceVersion.trim() === '') throw new Error('serviceVersion must be a version such as 1.2.3, got an empty string');
  for (const name of ['throttlingRateLimit', 'throttlingBurstLimit'] as const) {
    const value = props[name];
    if (value !== undefined && !Token.isUnresolved(value) && !(Number.isInteger(value) && value > 0)) {
      throw new Error(`${name} must be a whole number above 0, got ${value}`);
    }
  }
}
