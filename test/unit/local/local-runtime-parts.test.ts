import { tableDesign } from '../../../lambdas/store/table-design';
import { corsHeaders, preflightHeaders, withoutCorsHeaders } from '../../../local/cors';
import { javaMajorVersion, tableDefinitions } from '../../../local/dynamodb-local';
import { createLambdaContext } from '../../../local/lambda-context';

describe('Java version check', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
  ])('reads the major version from %s', (output, major) => {
    expect(javaMajorVersion(output)).toBe(major);
  });

  it('reads nothing from output without a version', () => {
    expect(javaMajorVersion('bash: java: command not found')).toBeUndefined();
  });
});

describe('table definitions for DynamoDB Local', () => {
  const [main, idempotency] = tableDefinitions({ table: 't', idempotencyTable: 'i' });

  it('creates every index of the table design with its projection (ALL unless keys-only), on demand, with a NEW_AND_OLD_IMAGES stream', () => {
    expect(main!.input.GlobalSecondaryIndexes!.map((i) => i.IndexName).sort()).toEqual(Object.keys(tableDesign.indexes).sort());
    for (const index of main!.input.GlobalSecondaryIndexes!) {
      expect([index.IndexName, index.Projection?.ProjectionType]).toEqual([
        index.IndexName,
        ['byWaitingSince', 'byMember'].includes(index.IndexName!) ? 'KEYS_ONLY' : 'ALL',
      ]);
    }
    expect(main!.input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(main!.input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(main!.ttlAttribute).toBe(tableDesign.timeToLiveAttribute);
  });

  it('defines each key attribute once, as a string', () => {
    const names = main!.input.AttributeDefinitions!.map((a) => a.AttributeName);

    expect(new Set(names).size).toBe(names.length);
    expect(main!.input.AttributeDefinitions!.every((a) => a.AttributeType === 'S')).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['pk', 'sk', 'feedPk', 'feedSk', 'directoryPk']));
  });

  it('gives the idempotency table the layout Powertools documents', () => {
    expect(idempotency!.input.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(idempotency!.ttlAttribute).toBe('expiration');
  });
});

describe('CORS for local web apps', () => {
  it('allows any localhost origin and exposes ETag, Location and Retry-After', () => {
    expect(corsHeaders('http://localhost:5173')).toEqual({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-expose-headers': 'ETag,Location,Retry-After',
      vary: 'Origin',
    });
    expect(corsHeaders('http://127.0.0.1:8080')).toHaveProperty('access-control-allow-origin', 'http://127.0.0.1:8080');
  });

  it('allows no other origin', () => {
    expect(corsHeaders('https://evil.example')).toEqual({});
    expect(corsHeaders('http://localhost.evil.example')).toEqual({});
    expect(corsHeaders(undefined)).toEqual({});
  });

  it('answers only real preflights', () => {
    expect(preflightHeaders('OPTIONS', { origin: 'http://localhost:3001', 'access-control-request-method': 'PATCH' })).toMatchObject({
      'access-control-allow-methods': expect.stringContaining('PATCH'),
      'access-control-allow-headers': expect.stringContaining('if-match'),
    });
    expect(preflightHeaders('OPTIONS', { origin: 'http://localhost:3001' })).toBeUndefined();
    expect(preflightHeaders('GET', { origin: 'http://localhost:3001', 'access-control-request-method': 'GET' })).toBeUndefined();
  });

  it("replaces the integration's CORS headers", () => {
    expect(withoutCorsHeaders({ 'Access-Control-Allow-Origin': '*', etag: '"1"' })).toEqual({ etag: '"1"' });
  });
});

describe('the Lambda context', () => {
  it('names the function and counts the remaining time down from the timeout', () => {
    let now = 1_000;
    const context = createLambdaContext({ functionName: 'chorus-posts', region: 'us-east-1', accountId: '000000000000', timeoutMs: 10_000, now: () => now });

    now += 2_500;

    expect(context.functionName).toBe('chorus-posts');
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:chorus-posts');
    expect(context.getRemainingTimeInMillis()).toBe(7_500);
    now += 60_000;
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });
});
