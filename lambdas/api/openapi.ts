/**
 * The OpenAPI 3.1 document, generated from the route table and its schemas, so it always matches
 * what runs.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ACCESS_TOKEN_SCOPE, MAX_BODY_DEPTH, routes, type RouteSpec } from './routes';
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
};

const problem = (status: number) => ({
  description: STATUS_TEXT[status] ?? 'Error',
  content: { 'application/problem+json': { schema: Problem } },
});

const bodyLimits = (route: RouteSpec): string => {
  const depth = route.maxBodyDepth ?? MAX_BODY_DEPTH;
  return Number.isFinite(depth)
    ? `JSON nested at most ${depth} levels of objects and arrays (400 otherwise)`
    : 'JSON; its nesting is bounded per item, as the schema says';
};

function register(registry: OpenAPIRegistry, route: RouteSpec): void {
  const extraHeaders: Record<string, { schema: { type: 'string' }; description: string; required?: boolean }> = {};
  if (route.idempotent)
    extraHeaders['Idempotency-Key'] = {
      schema: { type: 'string' },
      description: 'Makes a retry return the first response instead of writing twice; scoped to the caller and route, kept 24 h',
    };
  if (route.conditional) extraHeaders['If-Match'] = { schema: { type: 'string' }, description: 'The ETag of the version being edited', required: true };
  // Every protected route answers 403 to a token without the access-token scope (an ID token), and
  // every contribution to a caller in no group (domain/caller.ts), whatever else it checks.
  const errors = [400, ...(route.public ? [] : [401, 403]), ...route.errors];
  registry.registerPath({
    method: route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    // One tag per route group: the Lambda that serves it, and the section app developers browse.
    tags: [route.group],
    ...(route.public ? { security: [] } : {}),
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(route.body ? { body: { required: true, description: bodyLimits(route), content: { 'application/json': { schema: route.body } } } } : {}),
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
