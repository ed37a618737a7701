/**
 * Builds API Gateway HTTP API payload-2.0 events from raw requests, the way API Gateway does, so a
 * handler cannot tell the local runtime from AWS. Pure: no I/O, the clock and ids are inputs.
 *
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

export interface RawRequest {
  readonly method: string;
  /** The request target as received: path and optional query string. */
  readonly url: string;
  /** Node's `req.rawHeaders`: name, value, name, value… in arrival order, repeats kept. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly protocol: string;
}

export interface EventContext {
  readonly routeKey: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** The verified token's payload; absent on public routes. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** The token's scopes when the route requires scopes; null (API Gateway's value) when it requires none. */
  readonly scopes?: readonly string[] | null;
  readonly requestId: string;
  readonly now: Date;
  readonly accountId: string;
  readonly apiId: string;
  readonly domainName: string;
  /** Headers API Gateway adds (x-forwarded-for, x-amzn-trace-id…), lower-case names. */
  readonly addedHeaders?: Readonly<Record<string, string>>;
}

/**
 * API Gateway's JWT authorizer hands claims to the integration as strings: numbers and booleans
 * stringified, arrays flattened to "[a b c]" (space-separated, bracketed). Objects are passed as JSON.
 */
export function stringifyClaims(claims: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) out[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  return out;
}

/** Header names lower-cased; a repeated header's values joined with commas, as API Gateway does. */
export function collectHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    // Payload 2.0 moves cookies out of the headers into their own array, one entry per cookie.
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter((c) => c.length > 0),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

const decodeQueryComponent = (value: string): string => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
};

/** Query parameters URL-decoded; a repeated key's values joined with commas. Undefined when empty. */
export function parseQueryString(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString.length === 0) return undefined;
  const params: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const key = decodeQueryComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeQueryComponent(pair.slice(eq + 1));
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return Object.keys(params).length > 0 ? params : undefined;
}

const TEXT_CONTENT_TYPE =
  /^(text\/[^;]+|application\/([a-z0-9.+-]+\+)?(json|xml|javascript|x-www-form-urlencoded|problem\+json|merge-patch\+json|graphql|yaml))\s*(;|$)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A body is passed as text when its content type is textual (or absent) and it is valid UTF-8;
 * anything else is base64 with isBase64Encoded true.
 */
export function encodeBody(body: Buffer, contentType: string | undefined): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  if (contentType === undefined || TEXT_CONTENT_TYPE.test(contentType.trim())) {
    try {
      return { body: utf8.decode(body), isBase64Encoded: false };
    } catch {
      // not UTF-8 after all: fall through to base64
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** API Gateway's requestContext.time format: "12/Mar/2020:19:03:58 +0000". */
export function formatRequestTime(now: Date): string {
  return `${pad(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`;
}

/** The payload-2.0 event API Gateway sends a Lambda integration for this request. */
export function buildHttpApiEvent(request: RawRequest, context: EventContext): APIGatewayProxyEventV2WithJWTAuthorizer {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : request.url.slice(queryStart + 1);
  const { headers, cookies } = collectHeaders(request.rawHeaders);
  Object.assign(headers, context.addedHeaders);
  const queryStringParameters = parseQueryString(rawQueryString);
  const body = encodeBody(request.body, headers['content-type']);
  const hasPathParameters = Object.keys(context.pathParameters).length > 0;

  return {
    version: '2.0',
    routeKey: context.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(hasPathParameters ? { pathParameters: { ...context.pathParameters } } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName: context.domainName,
      domainPrefix: context.domainName.split('.')[0] ?? context.domainName,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: context.routeKey,
      stage: '$default',
      time: formatRequestTime(context.now),
      timeEpoch: context.now.getTime(),
      // A public route has no authorizer, so API Gateway sends no authorizer context at all; routes
      // without authorization scopes get scopes: null.
      ...(context.claims ? { authorizer: { jwt: { claims: stringifyClaims(context.claims), scopes: context.scopes ? [...context.scopes] : null } } } : {}),
    } as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'],
    ...(body.body !== undefined ? { body: body.body } : {}),
    isBase64Encoded: body.isBase64Encoded,
  };
}
