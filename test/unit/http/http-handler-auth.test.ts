import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { GroupRoutes } from '../../../lambdas/api/route-spec';
import { httpHandler } from '../../../lambdas/http/http-handler';
import { ok } from '../../../lambdas/http/responses';

const ROUTES = [
  { method: 'GET', path: '/v1/things', group: 'members', operationId: 'listThings', summary: 'read', success: { status: 200, schema: null }, errors: [] },
  { method: 'POST', path: '/v1/things', group: 'members', operationId: 'addThing', summary: 'write', success: { status: 200, schema: null }, errors: [] },
] as const satisfies GroupRoutes;

const ran: string[] = [];
const handler = httpHandler(ROUTES, {
  listThings: async ({ caller }) => {
    ran.push(`list by ${caller.username}`);
    return ok({});
  },
  addThing: async ({ caller }) => {
    ran.push(`add by ${caller.username}`);
    return ok({});
  },
});

/** What API Gateway hands the function for a token with these claims (strings, arrays flattened). */
const invoke = async (routeKey: string, claims: Record<string, string>) =>
  (await handler(
    {
      version: '2.0',
      routeKey,
      rawPath: '/v1/things',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: { requestId: 'r-1', http: { method: routeKey.split(' ')[0] }, authorizer: { jwt: { claims, scopes: null } } },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer,
    { awsRequestId: 'a-1', functionName: 'chorus-members' } as Context,
  )) as APIGatewayProxyStructuredResultV2;

const problemOf = (result: APIGatewayProxyStructuredResultV2) => ({
  status: result.statusCode,
  contentType: result.headers?.['content-type'],
  detail: JSON.parse(result.body ?? '{}').detail as string,
});

beforeEach(() => {
  ran.length = 0;
});

describe('the handler path refuses what the authorizer should have', () => {
  it('answers an ID token with 401 problem+json and runs nothing', async () => {
    const idToken = { sub: 'u1', token_use: 'id', 'cognito:username': 'alice', 'cognito:groups': '[members]', aud: 'client' };

    expect(problemOf(await invoke('GET /v1/things', idToken))).toEqual({
      status: 401,
      contentType: 'application/problem+json',
      detail: 'token_use must be access (send the access token, not the ID token), got id',
    });
    expect(ran).toEqual([]);
  });
});

describe('a caller in no group', () => {
  const groupless = { sub: 'u1', token_use: 'access', username: 'newcomer' };

  it('reads', async () => {
    expect((await invoke('GET /v1/things', groupless)).statusCode).toBe(200);
    expect(ran).toEqual(['list by newcomer']);
  });

  it('is refused a contribution with 403 problem+json before the operation runs', async () => {
    const problem = problemOf(await invoke('POST /v1/things', groupless));

    expect(problem).toMatchObject({ status: 403, contentType: 'application/problem+json' });
    expect(problem.detail).toMatch(/in no group, so may read but not contribute: this needs the members group/);
    expect(ran).toEqual([]);
  });

  it('contributes once in a group', async () => {
    expect((await invoke('POST /v1/things', { ...groupless, 'cognito:groups': '[members]' })).statusCode).toBe(200);
    expect(ran).toEqual(['add by newcomer']);
  });
});
