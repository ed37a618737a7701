/**
 * The local API Gateway: a node:http request listener over the route table. It answers what API
 * Gateway answers itself (no route, wrong method, missing or bad token, payload too large, CORS
 * preflight), builds the payload-2.0 event and invokes the route group's handler like Lambda.
 * Local-only extras: Swagger UI at /docs and the local issuer's JWKS.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { authorizationScopesOf, routeKey, type RouteGroup, type RouteSpec } from '../lambdas/api/routes';
import { buildHttpApiEvent } from './api-gateway-event';
import { corsHeaders, preflightHeaders, withoutCorsHeaders } from './cors';
import { serveDocs } from './docs';
import { createLambdaContext } from './lambda-context';
import { ISSUER_PATH, JWKS_PATH, TokenRejectedError, scopesOf, type LocalIssuer } from './local-issuer';
import { sendProblem } from './problem';
import { createRouteMatcher } from './route-matcher';

/** API Gateway's maximum request payload. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_API_ID = 'local';

export type LambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;

export interface LocalApiLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface LocalApiDeps {
  readonly routes: readonly RouteSpec[];
  readonly issuer: LocalIssuer;
  readonly loadHandler: (group: RouteGroup) => Promise<LambdaHandler>;
  readonly region: string;
  /** Each function's timeout. Default 10 s. */
  readonly functionTimeoutMs?: number;
  readonly logger: LocalApiLogger;
  /** Wraps each invocation to record its usage (local/usage-recorder.ts). Default: not recorded. */
  readonly recordInvocation?: <T>(
    call: { functionName: string; operationId: string; memberId?: string; communityId?: string },
    run: () => Promise<T>,
  ) => Promise<T>;
}

export const functionNameOf = (group: RouteGroup): string => `chorus-${group}`;

/** API Gateway request ids look like "JKJaXmPLvHcESHA=". */
const newRequestId = (): string => randomBytes(10).toString('base64');

class PayloadTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining an oversized body so the client gets the 413 instead of a reset connection.
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.once('end', () => (tooLarge ? reject(new PayloadTooLargeError()) : resolve(Buffer.concat(chunks))));
    req.once('error', reject);
  });
}

const bearerToken = (authorization: string | undefined): string | undefined => {
  if (!authorization) return undefined;
  // API Gateway's JWT authorizer accepts the token with or without the "Bearer " prefix.
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  return token.length > 0 ? token : undefined;
};

const TOKEN_HINT = 'send Authorization: Bearer <token> (mint one with npm run token -- --user alice)';

export function createLocalApi(deps: LocalApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const match = createRouteMatcher(deps.routes);
  const timeoutMs = deps.functionTimeoutMs ?? 10_000;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const requestId = newRequestId();
    const origin = req.headers.origin;
    const cors = corsHeaders(origin);
    const gatewayHeaders = { ...cors, 'apigw-requestid': requestId };
    const log = (status: number, note: string): void => deps.logger.info(`${method} ${url} → ${status}${note ? ` (${note})` : ''} ${Date.now() - started} ms`);

    const preflight = preflightHeaders(method, req.headers);
    if (preflight) {
      req.resume();
      res.writeHead(204, { ...preflight, 'apigw-requestid': requestId });
      res.end();
      return;
    }

    if (method === 'GET' && (path === '/docs' || path.startsWith('/docs/'))) {
      req.resume();
      await serveDocs(path, res);
      return;
    }
    if (method === 'GET' && (path === JWKS_PATH || path === `${ISSUER_PATH}/.well-known/openid-configuration`)) {
      req.resume();
      const body =
        path === JWKS_PATH
          ? deps.issuer.jwks()
          : { issuer: deps.issuer.issuer, jwks_uri: `${deps.issuer.issuer}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] };
      res.writeHead(200, { ...cors, 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      res.end(JSON.stringify(body));
      return;
    }

    const declaredLength = Number(req.headers['content-length'] ?? 0);
    let body: Buffer;
    try {
      if (declaredLength > MAX_BODY_BYTES) throw new PayloadTooLargeError();
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof PayloadTooLargeError)) throw error;
      req.resume();
      log(413, 'payload too large');
      sendProblem(res, 413, `the request body must be at most ${MAX_BODY_BYTES} bytes (10 MB), got ${declaredLength || 'more'}`, {
        ...gatewayHeaders,
        connection: 'close',
      });
      return;
    }

    const matched = match(method, path);
    if (matched.kind === 'not-found') {
      log(404, 'no route');
      sendProblem(res, 404, `no route matches ${method} ${path}`, gatewayHeaders);
      return;
    }
    if (matched.kind === 'method-not-allowed') {
      log(405, 'wrong method');
      sendProblem(res, 405, `${path} does not support ${method}; allowed: ${matched.allow.join(', ')}`, { ...gatewayHeaders, allow: matched.allow.join(', ') });
      return;
    }

    const { route, pathParameters } = matched;
    let claims: Record<string, unknown> | undefined;
    const requiredScopes = authorizationScopesOf(route);
    if (!route.public) {
      const token = bearerToken(req.headers.authorization);
      if (!token) {
        log(401, 'no token');
        sendProblem(res, 401, `missing bearer token: ${TOKEN_HINT}`, { ...gatewayHeaders, 'www-authenticate': 'Bearer' });
        return;
      }
      try {
        claims = await deps.issuer.verify(token, requiredScopes);
      } catch (error) {
        if (!(error instanceof TokenRejectedError)) throw error;
        // As API Gateway answers: 401 invalid_token, or 403 insufficient_scope for a valid token without the route's scope.
        const scope = `scope="${requiredScopes.join(' ')}"`;
        if (error.reason === 'insufficient-scope') {
          log(403, 'insufficient scope');
          sendProblem(res, 403, `insufficient scope: ${error.message}`, {
            ...gatewayHeaders,
            'www-authenticate': `Bearer ${scope} error="insufficient_scope"`,
          });
        } else {
          log(401, 'token rejected');
          sendProblem(res, 401, `invalid bearer token: ${error.message}`, { ...gatewayHeaders, 'www-authenticate': `Bearer ${scope} error="invalid_token"` });
        }
        return;
      }
    }

    const now = new Date();
    const host = req.headers.host ?? 'localhost';
    const socket = req.socket;
    const sourceIp = (socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const event = buildHttpApiEvent(
      { method, url, rawHeaders: req.rawHeaders, body, sourceIp, protocol: `HTTP/${req.httpVersion}` },
      {
        routeKey: routeKey(route),
        pathParameters,
        ...(claims ? { claims, scopes: requiredScopes.length > 0 ? scopesOf(claims) : null } : {}),
        requestId,
        now,
        accountId: LOCAL_ACCOUNT_ID,
        apiId: LOCAL_API_ID,
        domainName: host.replace(/:\d+$/, ''),
        addedHeaders: {
          'x-forwarded-for': sourceIp,
          'x-forwarded-port': String(socket.localPort ?? ''),
          'x-forwarded-proto': 'http',
          'x-amzn-trace-id': `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        },
      },
    );

    const functionName = functionNameOf(route.group);
    const context = createLambdaContext({ functionName, region: deps.region, accountId: LOCAL_ACCOUNT_ID, timeoutMs });
    let result: unknown;
    try {
      const handler = await deps.loadHandler(route.group);
      const invoke = () => withTimeout(handler(event, context), timeoutMs, functionName);
      const memberId = typeof claims?.sub === 'string' ? claims.sub : undefined;
      // The community a request serves, when its path or query names it (the ledger attributes its cost).
      const communityId = pathParameters.communityId ?? new URL(url, 'http://local').searchParams.get('communityId') ?? undefined;
      result = deps.recordInvocation
        ? await deps.recordInvocation(
            { functionName: route.group, operationId: route.operationId, ...(memberId ? { memberId } : {}), ...(communityId ? { communityId } : {}) },
            invoke,
          )
        : await invoke();
    } catch (error) {
      deps.logger.error(`${functionName} failed on ${method} ${url} (request ${requestId}, invocation ${context.awsRequestId})`, error);
      log(500, `${functionName} failed`);
      sendProblem(res, 500, `the ${functionName} function failed; request id ${requestId}`, gatewayHeaders);
      return;
    }
    const status = writeResult(res, result, gatewayHeaders);
    log(status, functionName);
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      deps.logger.error(`the local runtime failed on ${req.method} ${req.url}`, error);
      if (!res.headersSent) sendProblem(res, 500, 'the local runtime failed; see its log');
      else res.destroy();
    });
  };
}

class FunctionTimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, functionName: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FunctionTimeoutError(`${functionName}: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const isStructured = (value: unknown): value is APIGatewayProxyStructuredResultV2 =>
  typeof value === 'object' && value !== null && typeof (value as { statusCode?: unknown }).statusCode === 'number';

/**
 * Writes a handler's result the way API Gateway maps it: a structured result as given (cookies to
 * Set-Cookie, base64 bodies decoded); anything else with payload 2.0's format inference (200, JSON).
 */
function writeResult(res: ServerResponse, result: unknown, gatewayHeaders: Record<string, string>): number {
  if (!isStructured(result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json', ...gatewayHeaders });
    res.end(body);
    return 200;
  }
  const headers: Record<string, string | string[]> = withoutCorsHeaders(
    Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)])),
  );
  Object.assign(headers, gatewayHeaders);
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
  return result.statusCode ?? 200;
}
