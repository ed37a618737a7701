/**
 * The live updates' template: the WebSocket API and its routes, the $connect authorizer, the
 * connections table, the queue-counts stream consumer, and least-privilege grants
 * (execute-api:ManageConnections on this API's stage only).
 */
import { logicalIdOf, type Resource, type Statement, synthesizeForThisFile } from './stack';

const chorus = synthesizeForThisFile();
const { ofType, statementsOfRole } = chorus;

const apiRef = () => ({ Ref: logicalIdOf(chorus.stack.live.webSocketApi) });
const onLiveApi = (type: string) => ofType(type).filter(([, r]) => JSON.stringify(r.Properties.ApiId) === JSON.stringify(apiRef()));
const actions = (statements: readonly Statement[]) => statements.flatMap((s) => [s.Action].flat());
const ARN_OF_THIS_STAGE = () => ({
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', apiRef(), '/live/*/@connections/*'],
  ],
});

describe('the WebSocket API', () => {
  test('has $connect (authorized by the Lambda authorizer), $disconnect and $default, all on the connections function', () => {
    const [[authorizerId]] = onLiveApi('AWS::ApiGatewayV2::Authorizer') as [[string, Resource]];
    const routes = Object.fromEntries(onLiveApi('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties]));
    expect(Object.keys(routes).sort()).toEqual(['$connect', '$default', '$disconnect']);
    expect(routes.$connect).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    const integrations = onLiveApi('AWS::ApiGatewayV2::Integration').map(([, r]) => JSON.stringify(r.Properties.IntegrationUri));
    expect(integrations).toHaveLength(3);
    for (const uri of integrations) expect(uri).toContain(logicalIdOf(chorus.stack.live.connections));
  });

  test('its authorizer is a REQUEST authorizer on the authorizer function, invoked for every handshake (the token may be a subprotocol or ?token=)', () => {
    const [[, authorizer]] = onLiveApi('AWS::ApiGatewayV2::Authorizer') as [[string, Resource]];
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'REQUEST', IdentitySource: ['route.request.header.Sec-WebSocket-Key'] });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(logicalIdOf(chorus.stack.live.authorizer));
  });

  test('the authorizer verifies access tokens of the user pool issued to the app client, and may touch nothing', () => {
    const fn = chorus.resources[logicalIdOf(chorus.stack.live.authorizer)]!;
    expect(fn.Properties.Environment.Variables).toMatchObject({
      LIVE_TOKEN_ISSUER: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalIdOf(chorus.stack.userPool.userPool), 'ProviderName'] }]] },
      LIVE_TOKEN_JWKS_URI: {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalIdOf(chorus.stack.userPool.userPool), 'ProviderName'] }, '/.well-known/jwks.json']],
      },
      LIVE_TOKEN_CLIENT_IDS: { Ref: logicalIdOf(chorus.stack.userPool.appClient) },
    });
    const granted = actions(statementsOfRole(logicalIdOf(chorus.stack.live.authorizer.role)));
    expect(granted.filter((a) => !/^(logs|xray):/.test(a))).toEqual([]);
  });

  test('its stage "live" deploys automatically, throttles messages and logs every connect, message and disconnect as JSON', () => {
    const stages = onLiveApi('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const [, stage] = stages[0]!;
    expect(stage.Properties).toMatchObject({
      StageName: 'live',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 500 },
    });
    const fields = JSON.parse(stage.Properties.AccessLogSettings.Format) as Record<string, string>;
    expect(fields).toMatchObject({ eventType: '$context.eventType', connectionId: '$context.connectionId', memberId: '$context.authorizer.memberId' });
  });
});

test('the connections table is on-demand and encrypted, expires items by TTL, and has no stream', () => {
  const table = chorus.resources[logicalIdOf(chorus.stack.live.connectionsTable)]!;
  expect(table.Properties).toMatchObject({
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    SSESpecification: { SSEEnabled: true },
  });
  expect(table.Properties.StreamSpecification).toBeUndefined();
});

describe('least privilege', () => {
  test('the socket routes may put, query and delete connections, and manage connections of this API stage only', () => {
    const statements = statementsOfRole(logicalIdOf(chorus.stack.live.connections.role)).filter((s) => !/^(logs|xray):/.test(actions([s])[0]!));
    const tableArn = { 'Fn::GetAtt': [logicalIdOf(chorus.stack.live.connectionsTable), 'Arn'] };
    expect(
      statements.filter((s) => actions([s]).some((a) => a.startsWith('dynamodb:'))).every((s) => JSON.stringify(s.Resource) === JSON.stringify(tableArn)),
    ).toBe(true);
    expect(actions(statements).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query', 'execute-api:ManageConnections']);
    expect(statements.find((s) => actions([s]).includes('execute-api:ManageConnections'))!.Resource).toEqual(ARN_OF_THIS_STAGE());
  });

  test('the queue-counts pusher may query and forget connections and post to them, but not add any', () => {
    const granted = actions(statementsOfRole(logicalIdOf(chorus.stack.live.queueCounts.role)));
    expect(granted).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:DeleteItem', 'execute-api:ManageConnections']));
    expect(granted).not.toContain('dynamodb:PutItem');
    const table = logicalIdOf(chorus.stack.communityTable.table);
    // Of the community table it reads the stream (the event source mapping's grant) and, for a desk's overdue
    // count, reads the due-time counters (GetItem, Query): it never writes an item.
    const onCommunityTable = statementsOfRole(logicalIdOf(chorus.stack.live.queueCounts.role)).filter((s) => JSON.stringify(s.Resource).includes(table));
    expect(actions(onCommunityTable).every((a) => /^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams|GetItem|Query)$/.test(a))).toBe(true);
  });

  test('execute-api:ManageConnections is granted on this API stage only, and only to the functions that push (or close sockets: erasure)', () => {
    const grants = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => actions([s]).some((a) => a.startsWith('execute-api:')))
        .map((s) => ({ roles: p.Properties.Roles as unknown[], statement: s })),
    );
    expect(grants.length).toBeGreaterThan(0);
    for (const { statement } of grants) {
      expect(actions([statement])).toEqual(['execute-api:ManageConnections']);
      expect(statement.Resource).toEqual(ARN_OF_THIS_STAGE());
    }
    const pushers = [chorus.stack.live.connections, chorus.stack.live.queueCounts, chorus.stack.notifications.notifier, chorus.stack.memberData.worker];
    const liveRoles = pushers.map((fn) => JSON.stringify({ Ref: logicalIdOf(fn.role) }));
    const granted = grants.flatMap(({ roles }) => roles.map((r) => JSON.stringify(r)));
    for (const role of granted) expect(liveRoles).toContain(role);
  });
});

test("the queue counts follow the community table's stream, filtered to the backlog counters and the unread counters, from the latest record", () => {
  const [mapping] = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) =>
    JSON.stringify(m.Properties.FunctionName).includes(logicalIdOf(chorus.stack.live.queueCounts)),
  );
  expect(mapping).toBeDefined();
  const props = mapping![1].Properties;
  expect(props).toMatchObject({
    EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(chorus.stack.communityTable.table), 'StreamArn'] },
    StartingPosition: 'LATEST',
    MaximumBatchingWindowInSeconds: 0,
  });
  expect(JSON.parse(props.FilterCriteria.Filters[0].Pattern)).toEqual({
    eventName: ['INSERT', 'MODIFY'],
    dynamodb: { Keys: { pk: { S: ['MODSTATS#BACKLOG'] }, sk: { S: ['TOTALS'] } } },
  });
  // Each community's desk backlog counters: the same consumer (no third reader of the stream).
  expect(JSON.parse(props.FilterCriteria.Filters[1].Pattern)).toEqual({
    eventName: ['INSERT', 'MODIFY'],
    dynamodb: { Keys: { pk: { S: [{ prefix: 'DESKSTATS#' }] }, sk: { S: ['BACKLOG'] } } },
  });
  // Each member's unread counter when it changes: a read mark lowers it, and the pusher tells the member's sockets.
  expect(JSON.parse(props.FilterCriteria.Filters[2].Pattern)).toEqual({
    eventName: ['MODIFY'],
    dynamodb: { Keys: { pk: { S: [{ prefix: 'INBOX#' }] }, sk: { S: ['UNREAD'] } } },
  });
  expect(props.FilterCriteria.Filters).toHaveLength(3);
  // The table's stream has two readers: the publisher and this pusher.
  const readers = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes('StreamArn'));
  expect(readers).toHaveLength(2);
});

test('the stack outputs the socket URL of the live stage', () => {
  chorus.template.hasOutput('LiveUrl', {
    Value: { 'Fn::Join': ['', ['wss://', apiRef(), '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/live']] },
  });
});
