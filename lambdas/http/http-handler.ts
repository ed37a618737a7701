/**
 * One Lambda serves one route group. This composes what every route needs, once: logging context,
 * problem responses, caller from the JWT claims, validation of path, query and body against the
 * route's schemas, Idempotency-Key, and the JSON response. Handlers only map a request to a use case.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { routeKey, routes, type OperationId, type Route, type RouteGroup, type RouteSpec } from '../api/routes';
import { callerFromClaims, type Caller } from '../domain/caller';
import { NotFoundError } from '../domain/errors';
import type { ChorusDeps } from '../domain/ports';
import { checkIdempotencyKey, type Idempotency } from './idempotency-key';
import { logger } from './logger';
import { problemDetails } from './problem-details';
import { SECURITY_HEADERS, type HttpResult } from './responses';
import { parseBody, parseUrlPart } from './validation';

type RouteOf<Id extends OperationId> = Extract<Route, { operationId: Id }>;
type Parsed<R, K extends string> = R extends { readonly [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined;

export interface HttpRequest<Id extends OperationId> {
  readonly params: Parsed<RouteOf<Id>, 'params'>;
  readonly query: Parsed<RouteOf<Id>, 'query'>;
  readonly body: Parsed<RouteOf<Id>, 'body'>;
  readonly caller: RouteOf<Id> extends { readonly public: true } ? undefined : Caller;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export type Operation<Id extends OperationId> = (request: HttpRequest<Id>, deps: ChorusDeps) => Promise<HttpResult>;
export type Operations<G extends RouteGroup> = { readonly [Id in Extract<Route, { group: G }>['operationId']]: Operation<Id> };

/** What a group needs from its container: the use cases' dependencies and, for POST routes, idempotency. */
export interface Runtime {
  readonly deps: () => ChorusDeps;
  readonly idempotency?: () => Idempotency;
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

const toResult = (result: HttpResult): APIGatewayProxyStructuredResultV2 => ({
  statusCode: result.status,
  headers: {
    ...SECURITY_HEADERS,
    ...(result.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...result.headers,
  },
  ...(result.body !== undefined ? { body: JSON.stringify(result.body) } : {}),
});

export function httpHandler<G extends RouteGroup>(group: G, runtime: Runtime | undefined, operations: Operations<G>) {
  const byKey = new Map<string, { spec: RouteSpec; operation: Operation<OperationId> }>(
    routes
      .filter((route) => route.group === group)
      .map((route) => [routeKey(route), { spec: route, operation: operations[route.operationId as keyof Operations<G>] as Operation<OperationId> }]),
  );

  async function dispatch(event: Event, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
    const target = byKey.get(event.routeKey);
    if (!target) throw new NotFoundError(`no route ${event.routeKey} in this API`);
    const { spec, operation } = target;
    const headers = event.headers ?? {};
    const caller = spec.public ? undefined : callerFromClaims(event.requestContext.authorizer?.jwt?.claims);
    const request = {
      params: spec.params ? parseUrlPart(spec.params, 'path', event.pathParameters ?? {}) : undefined,
      query: spec.query ? parseUrlPart(spec.query, 'query', event.queryStringParameters ?? {}) : undefined,
      body: spec.body ? parseBody(spec.body, event.body, event.isBase64Encoded, headers['content-type']) : undefined,
      caller,
      headers,
    } as HttpRequest<OperationId>;
    // Groups built without a runtime (health, me) hold no table grant and never touch deps.
    const run = async () => toResult(await operation(request, runtime ? runtime.deps() : (undefined as unknown as ChorusDeps)));
    const idempotencyKey = headers['idempotency-key'];
    if (!spec.idempotent || idempotencyKey === undefined || !caller || !runtime?.idempotency) return run();
    const scope = { route: `${event.requestContext.http.method} ${event.rawPath}`, memberId: caller.memberId, key: checkIdempotencyKey(idempotencyKey) };
    return runtime.idempotency()(scope, event.body, context, run);
  }

  return middy<Event, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemDetails())
    .handler(dispatch);
}
