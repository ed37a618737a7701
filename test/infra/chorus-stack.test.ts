import { CfnResource, TagManager, type Stack } from 'aws-cdk-lib';
import { rmSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { ROUTE_GROUPS, routeKey, routes, routesOf, type RouteGroup, type RouteSpec } from '../../lambdas/api/routes';
import { GROUPS } from '../../lambdas/api/schemas';
import { idempotencyTableDesign, projectsKeysOnly, tableDesign } from '../../lambdas/store/table-design';
import type { ChorusStack } from '../../lib/chorus-stack';
import { logicalIdOf, NAG_CANARY_STACK, synthChorus, TEST_CONTEXT, TEST_SERVICE_VERSION, type NagViolation } from './stack';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

let stack: ChorusStack;
let template: Template;
let nagViolations: readonly NagViolation[];
let resources: Record<string, Resource>;
let assemblyDir: string;

beforeAll(() => {
  ({ stack, template, nagViolations, assemblyDir } = synthChorus());
  resources = template.toJSON().Resources as Record<string, Resource>;
});

afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

const resource = (logicalId: string): Resource => {
  const found = resources[logicalId];
  if (!found) throw new Error(`no resource ${logicalId} in the template`);
  return found;
};
const ofType = (type: string): [string, Resource][] => Object.entries(resources).filter(([, r]) => r.Type === type);
/** Resources of the members' HTTP API only (the live updates' WebSocket API has its own: test/infra/live-updates.test.ts). */
const ofHttpApi = (type: string): [string, Resource][] =>
  ofType(type).filter(([, r]) => JSON.stringify(r.Properties.ApiId) === JSON.stringify({ Ref: logicalIdOf(stack.api.httpApi) }));
const functionOf = (group: RouteGroup) => stack.api.functions[group];
const functionResource = (group: RouteGroup) => resource(logicalIdOf(functionOf(group)));
// events keeps only each member's rate window in the table (the events themselves go to the queue).
const STATEFUL_GROUPS: readonly RouteGroup[] = ['members', 'communities', 'posts', 'comments', 'reactions', 'moderation'];
const IDEMPOTENT_GROUPS = ROUTE_GROUPS.filter((g) => routesOf(g).some((r) => r.idempotent));
/** Groups with a narrow grant on the community table (only the actions their routes send). */
const NARROW_GROUPS: readonly RouteGroup[] = ['events', 'notifications', 'finance', 'privacy', 'desk', 'ideas', 'idea-merges', 'idea-workflow'];

/** Every statement of the policies attached to a group's function role. */
function statementsOf(group: RouteGroup): { Action: string | string[]; Resource: unknown }[] {
  const roleId = logicalIdOf(functionOf(group).role);
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
const actionsOf = (statement: { Action: string | string[] }) => [statement.Action].flat();

describe('data', () => {
  test('the community table is on-demand, recoverable, streamed, expiring and survives the stack', () => {
    const table = resource(logicalIdOf(stack.communityTable.table));
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
      ],
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  test('the community table has exactly the GSIs of tableDesign, by name, with their keys (strings, but the number sort keys that rank ideas)', () => {
    const table = resource(logicalIdOf(stack.communityTable.table));
    const indexes = table.Properties.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: { ProjectionType: string } }[];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(Object.keys(tableDesign.indexes).sort());
    for (const [name, design] of Object.entries(tableDesign.indexes)) {
      expect(indexes.find((i) => i.IndexName === name)?.KeySchema).toEqual([
        { AttributeName: design.partitionKey, KeyType: 'HASH' },
        { AttributeName: design.sortKey, KeyType: 'RANGE' },
      ]);
      expect(indexes.find((i) => i.IndexName === name)?.Projection.ProjectionType).toBe(projectsKeysOnly(design) ? 'KEYS_ONLY' : 'ALL');
    }
    const definitions = table.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    expect(definitions.filter((d) => d.AttributeType !== 'S')).toEqual([
      { AttributeName: 'voteCount', AttributeType: 'N' },
      { AttributeName: 'trendVotes', AttributeType: 'N' },
    ]);
  });

  test('the idempotency table has the Powertools layout, expires records and survives the stack', () => {
    const table = resource(logicalIdOf(stack.idempotencyTable.table));
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: idempotencyTableDesign.partitionKey, KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: idempotencyTableDesign.timeToLiveAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table.DeletionPolicy).toBe('Retain');
  });

  test('stateful resources keep their logical IDs (a renamed table is a new, empty table)', () => {
    expect(logicalIdOf(stack.communityTable.table)).toBe('CommunityTableD43226C7');
    expect(logicalIdOf(stack.idempotencyTable.table)).toBe('IdempotencyTableE9369C9C');
    expect(logicalIdOf(stack.userPool.userPool)).toBe('MemberUserPool170BFD02');
    expect(logicalIdOf(stack.userPool.appClient)).toBe('MemberUserPoolAppClientA187A589');
    expect(Object.fromEntries(ofType('AWS::Cognito::UserPoolGroup').map(([id, g]) => [g.Properties.GroupName, id]))).toEqual({
      members: 'MemberUserPoolmembers23F98EE4',
      moderators: 'MemberUserPoolmoderators80AE928B',
      'senior-moderators': 'MemberUserPoolseniormoderatorsD2C0A285',
      'retail-staff': 'MemberUserPoolretailstaffAC82D1A0',
      'community-managers': 'MemberUserPoolcommunitymanagers5532BF89',
      finance: 'MemberUserPoolfinance2C79C4AB',
      partners: 'MemberUserPoolpartnersA6F9620A',
    });
  });
});

describe('compute', () => {
  test('one function per route group, and no other function', () => {
    // One per route group, plus the analytics publisher and archiver (test/infra/analytics-pipeline.test.ts),
    // the lake compactor (test/infra/lake-compaction.test.ts), the ledger-measures job (test/infra/ledger-measures.test.ts),
    // the notifier (test/infra/notifications.test.ts),
    // the ideas worker (lib/constructs/ideas-worker.ts), the member-data worker (test/infra/member-data-jobs.test.ts),
    // the user pool's post-confirmation and pre-token-generation triggers (test/infra/sign-up-trigger.test.ts), and
    // the live updates' authorizer, socket routes and queue counts (test/infra/live-updates.test.ts).
    expect(ofType('AWS::Lambda::Function')).toHaveLength(ROUTE_GROUPS.length + 9 + 3);
  });

  test.each(ROUTE_GROUPS)('the %s function runs Node.js 24 on arm64 with tracing, source maps and its own log group', (group) => {
    const fn = functionResource(group);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 10,
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: logicalIdOf(functionOf(group).logGroup) } },
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'chorus',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          SERVICE_VERSION: TEST_SERVICE_VERSION,
        },
      },
    });
    expect(resource(logicalIdOf(functionOf(group).logGroup)).Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  test.each(ROUTE_GROUPS)('the %s function names exactly the tables it may use', (group) => {
    const variables = functionResource(group).Properties.Environment.Variables as Record<string, unknown>;
    const expected: Record<string, unknown> = {};
    if (STATEFUL_GROUPS.includes(group) || NARROW_GROUPS.includes(group)) expected.TABLE_NAME = { Ref: logicalIdOf(stack.communityTable.table) };
    if (IDEMPOTENT_GROUPS.includes(group)) expected.IDEMPOTENCY_TABLE_NAME = { Ref: logicalIdOf(stack.idempotencyTable.table) };
    // No API function pushes: a read mark's new unread count reaches the member's sockets from the table's stream.
    const tableVariables = Object.fromEntries(Object.entries(variables).filter(([name]) => name.endsWith('TABLE_NAME')));
    expect(tableVariables).toEqual(expected);
  });

  test.each(['public'] as const)('the %s function role has no DynamoDB permission at all', (group) => {
    const actions = statementsOf(group).flatMap(actionsOf);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  });

  test.each(STATEFUL_GROUPS)('the %s function may use the community table, and the idempotency table only if it has an idempotent route', (group) => {
    const dynamo = statementsOf(group).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    const resourcesText = JSON.stringify(dynamo.map((s) => s.Resource));
    expect(actionsOf(dynamo[0]!)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']));
    // Request paths never scan, read streams or manage tables.
    expect(dynamo.flatMap(actionsOf).filter((a) => /Scan|Stream|Shard|Records|DescribeTable/.test(a))).toEqual([]);
    expect(resourcesText).toContain(logicalIdOf(stack.communityTable.table));
    expect(resourcesText.includes(logicalIdOf(stack.idempotencyTable.table))).toBe(IDEMPOTENT_GROUPS.includes(group));
  });

  test('the events function may only read the community table in batches and update items (the posts its events name, its rate window)', () => {
    const dynamo = statementsOf('events').filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    // GetItem: the caller's state, for the sanction check every route makes.
    expect(dynamo.flatMap(actionsOf).sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).toContain(logicalIdOf(stack.communityTable.table));
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).not.toContain(logicalIdOf(stack.idempotencyTable.table));
  });

  test('the privacy function may only get, put and update items of the community table (export jobs, erasure audits, the caller state)', () => {
    const dynamo = statementsOf('privacy').filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap(actionsOf).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).toContain(logicalIdOf(stack.communityTable.table));
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).not.toContain(logicalIdOf(stack.idempotencyTable.table));
  });

  test('the finance function may only read the community table: get a community, query its audit (the ledger)', () => {
    const dynamo = statementsOf('finance').filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap(actionsOf).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).toContain(logicalIdOf(stack.communityTable.table));
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).not.toContain(logicalIdOf(stack.idempotencyTable.table));
  });

  // The ideas function had no table at all before it was split (every idea route failed in AWS); each now gets what its routes send.
  test.each([
    ['ideas', ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']],
    ['idea-merges', ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']],
    ['idea-workflow', ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']],
  ] as const)('the %s function may use the community table with only the actions its routes send, and no idempotency table', (group, actions) => {
    const dynamo = statementsOf(group).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap(actionsOf).sort()).toEqual([...actions]);
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).toContain(logicalIdOf(stack.communityTable.table));
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).not.toContain(logicalIdOf(stack.idempotencyTable.table));
  });

  test('the desk function may use only the community table: read desk items, communities and counters, write desk items, audit, counters and response policies; it deletes nothing', () => {
    const dynamo = statementsOf('desk').filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap(actionsOf).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).toContain(logicalIdOf(stack.communityTable.table));
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).not.toContain(logicalIdOf(stack.idempotencyTable.table));
  });

  test('no function role carries an AWS-managed policy, and nothing but X-Ray is granted on "*"', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    for (const group of ROUTE_GROUPS) {
      const wildcard = statementsOf(group).filter((s) => s.Resource === '*');
      // The finance function reads CloudWatch metrics; GetMetricData has no resource-level permissions.
      const allowed =
        group === 'finance'
          ? ['cloudwatch:GetMetricData', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']
          : ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
      expect(wildcard.flatMap(actionsOf).sort()).toEqual(allowed);
    }
  });
});

describe('api', () => {
  const routeResources = () => ofHttpApi('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);

  test('there is exactly one API route per entry of the route table', () => {
    expect(
      routeResources()
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual(routes.map(routeKey).sort());
  });

  test.each(routes.map((r): [string, RouteSpec] => [routeKey(r), r]))(
    '%s: JWT authorizer requiring the access-token scope unless public, integrated with its group function',
    (key, route) => {
      const [authorizerId] = ofHttpApi('AWS::ApiGatewayV2::Authorizer').map(([id]) => id);
      const props = routeResources().find((r) => r.RouteKey === key)!;
      if (route.public) {
        expect(props.AuthorizationType).toBe('NONE');
        expect(props.AuthorizerId).toBeUndefined();
        expect(props.AuthorizationScopes).toBeUndefined();
      } else {
        expect(props.AuthorizationType).toBe('JWT');
        expect(props.AuthorizerId).toEqual({ Ref: authorizerId });
        // Cognito's SRP access tokens carry this scope and ID tokens carry none: it is what refuses ID tokens.
        expect(props.AuthorizationScopes).toEqual(['aws.cognito.signin.user.admin']);
      }
      const integrationId = (props.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map((p) => (p as { Ref?: string }).Ref).find(Boolean)!;
      const integration = resource(integrationId).Properties;
      expect(JSON.stringify(integration.IntegrationUri)).toContain(logicalIdOf(functionOf(route.group)));
      expect(integration.PayloadFormatVersion).toBe('2.0');
    },
  );

  test('the app client signs in with SRP and no OAuth flow, so its access tokens carry aws.cognito.signin.user.admin', () => {
    const clients = ofType('AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(1);
    const client = clients[0]![1].Properties;
    expect(client.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH']));
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
  });

  test('the JWT authorizer trusts the user pool as issuer and the app client as audience', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: logicalIdOf(stack.userPool.appClient) }],
        Issuer: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalIdOf(stack.userPool.userPool), 'ProviderName'] }]] },
      },
    });
  });

  test('the $default stage deploys automatically and throttles every route by default', () => {
    expect(ofHttpApi('AWS::ApiGatewayV2::Stage')).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  test('access logs are one JSON object per request, with the request id, in a log group with retention', () => {
    const [, stage] = ofHttpApi('AWS::ApiGatewayV2::Stage')[0]!;
    const { DestinationArn, Format } = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    const fields = JSON.parse(Format) as Record<string, string>;
    expect(fields).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
    expect(DestinationArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack.api.accessLogGroup), 'Arn'] });
    expect(resource(logicalIdOf(stack.api.accessLogGroup)).Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  test('CORS allows exactly the origins from context, the request headers the API reads, and exposes its response headers', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: TEST_CONTEXT.corsOrigins.split(','),
        AllowHeaders: Match.arrayWith(['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key']),
        ExposeHeaders: Match.arrayWith(['ETag', 'Location', 'Retry-After']),
      },
    });
  });
});

describe('auth', () => {
  test('the user pool has exactly the authorisation groups the API knows', () => {
    expect(
      ofType('AWS::Cognito::UserPoolGroup')
        .map(([, g]) => g.Properties.GroupName)
        .sort(),
    ).toEqual([...GROUPS].sort());
  });

  test('members sign themselves up, verify their e-mail, and need a strong password; MFA is optional', () => {
    const pool = resource(logicalIdOf(stack.userPool.userPool));
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      DeletionProtection: 'ACTIVE',
    });
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  test('the app client is public (no secret) and signs in with SRP and refresh tokens only', () => {
    const client = resource(logicalIdOf(stack.userPool.appClient)).Properties;
    expect(client.GenerateSecret).toBe(false);
    expect([...client.ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    expect(client.AllowedOAuthFlows).toBeUndefined();
  });
});

describe('monitoring', () => {
  test('an alarm on the API 5xx rate, computed as 5xx over requests', () => {
    type Query = { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string } } };
    const rateAlarms = ofType('AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties.Metrics as Query[] | undefined)
      .filter((metrics) => metrics?.some((m) => m.Expression?.includes('serverErrors')));
    expect(rateAlarms).toHaveLength(1);
    const metrics = rateAlarms[0]!;
    expect(metrics.find((m) => m.Expression)?.Expression).toMatch(/serverErrors \/ requests/);
    const byId = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat!.Metric]));
    expect(byId.serverErrors).toMatchObject({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
    expect(byId.requests).toMatchObject({ MetricName: 'Count', Namespace: 'AWS/ApiGateway' });
  });

  test.each(ROUTE_GROUPS)('the %s function has an Errors and a Throttles alarm', (group) => {
    const fnId = logicalIdOf(functionOf(group));
    const watched = ofType('AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties.Metrics?.[0]?.MetricStat?.Metric)
      .filter((m) => m && JSON.stringify(m.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId } }]))
      .map((m) => m.MetricName);
    expect(watched.sort()).toEqual(['Errors', 'Throttles']);
  });

  test('every alarm notifies the encrypted, TLS-only alarm topic', () => {
    const topicId = logicalIdOf(stack.monitoring.alarmTopic);
    expect(resource(topicId).Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    const alarms = ofType('AWS::CloudWatch::Alarm');
    // 5xx rate, Errors and Throttles per function (route groups, publisher, archiver, compactor, ledger measures, notifier, ideas worker,
    // member-data worker, sign-up trigger, the three live ones), analytics, notifications and member-data dead letters,
    // and the desk SLO's four burn-rate windows (desk-slo.test.ts), which notify through their two composite alarms.
    expect(alarms).toHaveLength(1 + 2 * (ROUTE_GROUPS.length + 8 + 3) + 3 + 4);
    for (const [, alarm] of ofType('AWS::CloudWatch::CompositeAlarm')) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    const burnWindows = new Set(Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) => id.startsWith('DeskSlo')));
    for (const [id, alarm] of alarms) if (!burnWindows.has(id)) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  test('the dashboard shows requests, latency p50/p99, 4xx and 5xx, and every function', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
    for (const text of ['Requests', 'Latency', 'p50', 'p99', '4xx', '5xx']) expect(body).toContain(text);
    for (const group of ROUTE_GROUPS) expect(body).toContain(`${group} function`);
  });
});

describe('governance', () => {
  const componentOf = (path: string): string => {
    if (/\/(CommunityTable|IdempotencyTable)\//.test(path)) return 'data';
    if (path.includes('/MemberUserPool/')) return 'auth';
    // A function's role and log group are its siblings: <group>FunctionRole, <group>FunctionLogGroup.
    if (/\/MembersApi\/\w+Function(Role|LogGroup)?\//.test(path)) return 'compute';
    if (path.includes('/MembersApi/')) return 'api';
    if (path.includes('/Monitoring/')) return 'monitoring';
    if (/\/(AnalyticsLake|AnalyticsPipeline|LakeCompaction|DomainEvents)\//.test(path)) return 'analytics';
    if (path.includes('/Notifications/')) return 'notifications';
    if (path.includes('/IdeasWorker/')) return 'compute';
    if (/\/(CostControls|LedgerMeasures)\//.test(path)) return 'finance';
    if (path.includes('/LiveUpdates/')) return 'live';
    if (path.includes('/DeskSlo/')) return 'monitoring';
    if (path.includes('/MemberData/')) return 'members';
    throw new Error(`no component expected for ${path}`);
  };

  test('every taggable resource carries Project, Component, Environment and CostCenter', () => {
    const taggable = stack.node
      .findAll()
      .filter((c): c is CfnResource => c instanceof CfnResource)
      .flatMap((c) => {
        const tags = TagManager.of(c);
        return tags ? [{ resource: c, tags }] : [];
      });
    const types = new Set(taggable.map(({ resource }) => resource.cfnResourceType));
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::Lambda::Function',
      'AWS::Cognito::UserPool',
      'AWS::ApiGatewayV2::Api',
      'AWS::Logs::LogGroup',
      'AWS::CloudWatch::Alarm',
      'AWS::SNS::Topic',
    ]) {
      expect(types).toContain(type);
    }
    for (const { resource, tags } of taggable) {
      expect({ path: resource.node.path, tags: tags.tagValues() }).toEqual({
        path: resource.node.path,
        tags: { Project: 'chorus', Component: componentOf(resource.node.path), Environment: TEST_CONTEXT.stage, CostCenter: TEST_CONTEXT.costCenter },
      });
    }
  });

  test('the template renders the tags (the community table as a sample)', () => {
    expect(resource(logicalIdOf(stack.communityTable.table)).Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'Component', Value: 'data' },
        { Key: 'CostCenter', Value: TEST_CONTEXT.costCenter },
      ]),
    );
  });

  test('the stack outputs what clients and operators need after a deploy', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual([
      'AlarmTopicArn',
      'ApiUrl',
      'AppClientId',
      'BudgetAlertTopicArn',
      'DashboardName',
      'LiveUrl',
      'UserPoolId',
    ]);
    template.hasOutput('AppClientId', { Value: { Ref: logicalIdOf(stack.userPool.appClient) } });
  });

  test('the production stack is termination-protected and environment-agnostic', () => {
    const s: Stack = stack;
    expect(s.terminationProtection).toBe(true);
    expect(s.environment).toBe('aws://unknown-account/unknown-region');
  });
});

describe('cdk-nag AwsSolutions', () => {
  const inStack = (name: string) => (v: NagViolation) => v.constructPaths.some((path) => path.startsWith(`${name}/`));

  test("the checks run on the app: the canary stack's plain SNS topic is reported", () => {
    const canary = nagViolations.filter(inStack(NAG_CANARY_STACK));
    expect(canary.map((v) => v.ruleName)).toContain('AwsSolutions-SNS3');
  });

  test('the Chorus stack has no unacknowledged finding, error or warning', () => {
    expect(nagViolations.filter(inStack(stack.stackName))).toEqual([]);
  });
});
