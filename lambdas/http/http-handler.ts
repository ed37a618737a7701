/**
 * One Lambda serves one route group. This composes what every route needs, once: logging context,
 * problem responses, caller from the JWT claims, validation of path, query and body against the
 * route's schemas, Idempotency-Key, and the JSON response. Handlers only map a request to a use case.
 */
import { createHash } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { isContribution, routeKey, type GroupRoutes, type RouteSpec } from '../api/route-spec';
import { assertMayContribute, assertRouteOpenToCaller, callerFromClaims, type Caller } from '../domain/caller';
import { systemClock } from '../domain/clock';
import { admit, type StandingStore } from '../members/admission';
import type { SanctionScope } from '../members/standing';
import { NotFoundError } from '../domain/errors';
import type { RequestKey } from '../domain/once';
import { checkIdempotencyKey, type Idempotency } from './idempotency-key';
import { injectLambdaContext, logger } from './logger';
import { problemDetails } from './problem-details';
import { SECURITY_HEADERS, type HttpResult } from './responses';
import { parseBody, parseUrlPart } from './validation';

type Parsed<R, K extends string> = R extends { readonly [P in K]: infer S extends z.ZodMiniType } ? z.output<S> : undefined;

/** A request to one route, parsed and validated against that route's schemas. */
export interface HttpRequest<R extends RouteSpec> {
  readonly params: Parsed<R, 'params'>;
  readonly query: Parsed<R, 'query'>;
  readonly body: Parsed<R, 'body'>;
  readonly caller: R extends { readonly public: true } ? undefined : Caller;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /**
   * The Idempotency-Key of a POST as the domain's request key: scoped to the method and path (the
   * same key on another resource is another request) and fingerprinted by the body, as http/idempotency.ts
   * scopes and validates it. Undefined when the route takes no key or none was sent.
   */
  readonly requestKey: RequestKey | undefined;
}

/** What serves one route: the parsed request and, for groups with a runtime, the group's dependencies. */
export type Operation<R extends RouteSpec, Deps> = (request: HttpRequest<R>, deps: Deps) => Promise<HttpResult>;

/** One operation per route of a group, keyed by operationId; a missing or extra one does not compile. */
export type Operations<Routes extends GroupRoutes, Deps = never> = {
  readonly [Id in Routes[number]['operationId']]: Operation<Extract<Routes[number], { operationId: Id }>, Deps>;
};

/** What a group with storage needs from its container: the use cases' dependencies and, for POST routes, idempotency. */
export interface Runtime<Deps> {
  readonly deps: () => Deps;
  readonly idempotency?: () => Idempotency;
  /**
   * Where the caller's sanctions are read before any operation runs (lambdas/members/admission.ts):
   * every group whose routes a sanctioned member could call has one.
   */
  readonly standing?: () => StandingStore;
}

/** How sanctions touch a route: the member's own account is always open, any other change is a write, the rest reads. */
const sanctionScopeOf = (spec: RouteSpec): SanctionScope => spec.sanctionScope ?? (isContribution(spec) ? 'write' : 'read');

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
/** A group's Lambda handler, as middy composes it. */
export type GroupHandler = ReturnType<typeof handlerOf>;
type AnyOperation = (request: HttpRequest<RouteSpec>, deps?: unknown) => Promise<HttpResult>;

/**
 * Every log line of a request carries API Gateway's request id, the reference a 500 quotes to the
 * client (and the access log's requestId), so one id finds the request's lines. A temporary key:
 * injectLambdaContext (resetKeys) clears it after the request, after problemDetails has logged.
 */
const requestIdInLogs: middy.MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> = {
  before: (request) => {
    logger.appendKeys({ requestId: request.event.requestContext?.requestId ?? 'unknown' });
  },
};

const toResult = (result: HttpResult): APIGatewayProxyStructuredResultV2 => ({
  statusCode: result.status,
  headers: {
    ...SECURITY_HEADERS,
    ...(result.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...result.headers,
  },
  ...(result.body !== undefined ? { body: JSON.stringify(result.body) } : {}),
});

/** The Lambda handler of a group that needs no dependencies (or makes its own): operations take the request only. */
export function httpHandler<const Routes extends GroupRoutes>(routes: Routes, operations: Operations<Routes>): GroupHandler;
/** The Lambda handler of a group whose operations receive `runtime.deps()`. */
export function httpHandler<const Routes extends GroupRoutes, Deps>(routes: Routes, runtime: Runtime<Deps>, operations: Operations<Routes, Deps>): GroupHandler;
export function httpHandler(routes: GroupRoutes, ...rest: [Record<string, unknown>] | [Runtime<unknown>, Record<string, unknown>]) {
  return rest.length === 1 ? handlerOf(routes, undefined, rest[0]) : handlerOf(routes, rest[0], rest[1]);
}

function handlerOf(routes: GroupRoutes, runtime: Runtime<unknown> | undefined, operations: Record<string, unknown>) {
  const byKey = new Map(routes.map((route) => [routeKey(route), { spec: route, operation: operations[route.operationId] as AnyOperation }]));

  async function dispatch(event: Event, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
    const target = byKey.get(event.routeKey);
    if (!target) throw new NotFoundError(`no route ${event.routeKey} in this API`);
    const { spec, operation } = target;
    const headers = event.headers ?? {};
    const claimed = spec.public ? undefined : callerFromClaims(event.requestContext.authorizer?.jwt?.claims);
    // One's own account (appeal, export, erasure) is open to a caller in no group too.
    if (claimed && isContribution(spec) && spec.sanctionScope !== 'own-account') assertMayContribute(claimed);
    if (claimed) assertRouteOpenToCaller(claimed, spec.partners === true);
    const idempotencyKey = headers['idempotency-key'];
    const scope =
      spec.idempotent && idempotencyKey !== undefined && claimed
        ? { route: `${event.requestContext.http.method} ${event.rawPath}`, memberId: claimed.memberId, key: checkIdempotencyKey(idempotencyKey) }
        : undefined;
    // Validated before the sanction check: a malformed request costs no read.
    const params = spec.params ? parseUrlPart(spec.params, 'path', event.pathParameters ?? {}) : undefined;
    const query = spec.query ? parseUrlPart(spec.query, 'query', event.queryStringParameters ?? {}) : undefined;
    const body = spec.body ? parseBody(spec.body, event.body, event.isBase64Encoded, headers['content-type'], spec.maxBodyDepth) : undefined;
    // One check for every route: the caller's sanctions (0.5 RRU), carried on to the use case as their standing.
    const standing = claimed && runtime?.standing ? await admit(runtime.standing(), systemClock, claimed, sanctionScopeOf(spec)) : undefined;
    const caller: Caller | undefined = claimed && standing ? { ...claimed, standing } : claimed;
    const request = {
      params,
      query,
      body,
      caller,
      headers,
      requestKey: scope && {
        id: `${scope.route} ${scope.key}`,
        fingerprint: createHash('sha256')
          .update(event.body ?? '')
          .digest('base64url'),
      },
    } as HttpRequest<RouteSpec>;
    // Groups without a runtime (health, me, events, finance) hold no table grant: their operations take no deps.
    const run = async () => toResult(await (runtime ? operation(request, runtime.deps()) : operation(request)));
    if (!scope || !runtime?.idempotency) return run();
    return runtime.idempotency()(scope, event.body, context, run);
  }

  return middy<Event, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestIdInLogs)
    .use(problemDetails())
    .handler(dispatch);
}
