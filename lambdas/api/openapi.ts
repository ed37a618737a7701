/**
 * The OpenAPI 3.1 document, generated from the route table and its schemas, so it always matches
 * what runs.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ACCESS_TOKEN_SCOPE, IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN, MAX_BODY_BYTES, MAX_BODY_DEPTH, routes, type RouteSpec } from './routes';
import { Problem } from './schemas';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  400: 'The request is malformed (path, query, JSON syntax or nesting, headers)',
  401: 'Missing, invalid or expired token',
  403: 'The caller may not do this (or the token lacks the access-token scope: an ID token)',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state',
  412: 'If-Match does not match the current ETag',
  413: 'Body too large',
  415: 'Body is not application/json',
  422: 'Body is valid JSON but breaks the schema or a rule',
  428: 'If-Match is required',
  429: 'Rate limited; see Retry-After',
  431: 'The URL or the headers are too large',
  500: 'An unexpected failure; the problem quotes the request id as its reference',
};

/** What every route may answer, whatever it does: a malformed request, an over-long URL, a failure. */
const ALWAYS = [400, 431, 500];

const problem = (status: number) => ({
  description: STATUS_TEXT[status] ?? 'Error',
  content: { 'application/problem+json': { schema: Problem } },
});

const bodyLimits = (route: RouteSpec): string => {
  const depth = route.maxBodyDepth ?? MAX_BODY_DEPTH;
  const size = `at most ${MAX_BODY_BYTES} bytes (256 KiB; 413 otherwise)`;
  return Number.isFinite(depth)
    ? `JSON of ${size}, nested at most ${depth} levels of objects and arrays (400 otherwise)`
    : `JSON of ${size}; its nesting is bounded per item, as the schema says`;
};

/**
 * A query whose schema carries a rule across its parameters (a JSON Schema `oneOf`, `anyOf` or `if`
 * in its metadata, as the audit log's exactly-one-of) is stated as one form-exploded object
 * parameter, the OpenAPI way to give a query string a schema of its own; other queries are one
 * parameter per field.
 */
const crossFieldRule = (query: z.ZodObject): boolean => {
  const meta = query.meta() ?? {};
  return 'oneOf' in meta || 'anyOf' in meta || 'if' in meta;
};

function register(registry: OpenAPIRegistry, route: RouteSpec): void {
  const extraHeaders: Record<string, { schema: { type: 'string'; [keyword: string]: unknown }; description: string; required?: boolean }> = {};
  if (route.idempotent)
    extraHeaders['Idempotency-Key'] = {
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, minLength: 1, maxLength: 255 },
      description:
        'Makes a retry return the first response instead of writing twice; scoped to the caller and route, kept 24 h; the same key with another body answers 422. 1-255 visible ASCII characters (400 otherwise); a UUID is a good choice',
    };
  if (route.conditional)
    extraHeaders['If-Match'] = {
      schema: { type: 'string', pattern: IF_MATCH_PATTERN.source },
      description: 'The ETag of the version being edited (`*`: any version); another version answers 412, none 428',
      required: true,
    };
  // Every protected route answers 403 to a token without the access-token scope (an ID token), and
  // every contribution to a caller in no group (domain/caller.ts), whatever else it checks.
  const errors = [...ALWAYS, ...(route.public ? [] : [401, 403]), ...route.errors];
  const objectQuery = route.query && crossFieldRule(route.query);
  const body = route.documentedBody ?? route.body;
  registry.registerPath({
    method: route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    ...(route.rules ? { description: `Besides the schemas:\n${route.rules.map((rule) => `- ${rule}`).join('\n')}` } : {}),
    // One tag per route group: the Lambda that serves it, and the section app developers browse.
    tags: [route.group],
    ...(route.public ? { security: [] } : {}),
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query && !objectQuery ? { query: route.query } : {}),
      ...(route.query && objectQuery
        ? { query: z.object({ query: route.query.meta({ ...route.query.meta(), param: { name: 'query', in: 'query', style: 'form', explode: true } }) }) }
        : {}),
      ...(body ? { body: { required: true, description: bodyLimits(route), content: { 'application/json': { schema: body } } } } : {}),
    },
    parameters: Object.entries(extraHeaders).map(([name, h]) => ({
      in: 'header' as const,
      name,
      required: h.required ?? false,
      description: h.description,
      schema: h.schema,
    })),
    responses: {
      [route.success.status]: {
        description: STATUS_TEXT[route.success.status] ?? 'OK',
        ...(route.success.schema ? { content: { 'application/json': { schema: route.success.schema } } } : {}),
      },
      ...(route.mayBeEmpty ? { 204: { description: 'Nothing to return' } } : {}),
      ...Object.fromEntries([...new Set(errors)].map((status) => [status, problem(status)])),
    },
  });
}

export function openApiDocument(version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'cognitoJwt', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: `An access token from the Chorus Cognito user pool, carrying the scope ${ACCESS_TOKEN_SCOPE} (locally: \`npm run token\`); an ID token is refused`,
  });
  for (const route of routes) register(registry, route);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Chorus community API',
      version,
      description:
        "The retailer community's API: posts, comments and reactions (members), the moderation queue (moderators), engagement events (the apps) and cost reports (finance). Errors are RFC 9457 application/problem+json.",
    },
    servers: [{ url: '/' }],
    security: [{ cognitoJwt: [] }],
  });
}
