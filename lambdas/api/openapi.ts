/**
 * The OpenAPI 3.1 document, generated from the route table and its schemas, so it always matches
 * what runs. Schemas become JSON Schema (draft 2020-12, OpenAPI 3.1's dialect) through zod's own
 * `toJSONSchema`; every schema registered with an id is one shared component, referenced where used.
 */
import { brotliCompressSync, constants } from 'node:zlib';
import * as z from 'zod/mini';
import { PACKED_VERSION } from './openapi-packed';
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

const COMPONENTS = '#/components/schemas/';
/** Marks where a schema's JSON Schema goes in the document while it is being assembled. */
const PLACEHOLDER = '$zodSchema';

type JsonSchema = { [keyword: string]: unknown };
type Parameter = {
  schema: JsonSchema;
  required: boolean;
  description?: string;
  name: string;
  in: 'path' | 'query' | 'header';
  style?: 'form';
  explode?: boolean;
};

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
const crossFieldRule = (query: z.ZodMiniObject): boolean => {
  const meta = z.globalRegistry.get(query) ?? {};
  return 'oneOf' in meta || 'anyOf' in meta || 'if' in meta;
};

const SAFE_INTEGER_BOUNDS = { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER } as const;

/**
 * What zod's JSON Schema says beyond what the document states, taken out: the bounds of a safe
 * integer (every integer the API speaks is one), the long pattern beside an ISO date-time's `format`,
 * and a literal's `const` spelled as a one-value `enum`, as for every other enumeration. A `const`
 * without a `type` is a rule's (an `if`), written so on purpose, and stays.
 */
function tidy(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) tidy(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as JsonSchema;
  if (schema.type === 'integer') {
    for (const [keyword, bound] of Object.entries(SAFE_INTEGER_BOUNDS)) if (schema[keyword] === bound) delete schema[keyword];
  }
  if ((schema.format === 'date-time' || schema.format === 'date') && typeof schema.pattern === 'string') delete schema.pattern;
  if ('const' in schema && typeof schema.type === 'string') {
    schema.enum = [schema.const];
    delete schema.const;
  }
  for (const value of Object.values(schema)) tidy(value);
}

/** A discriminated union of named schemas gets an OpenAPI `discriminator`, mapping each tag to its component. */
const discriminate: NonNullable<Parameters<typeof z.toJSONSchema>[1]>['override'] = ({ zodSchema, jsonSchema }) => {
  const def = zodSchema._zod.def as { type: string; discriminator?: string; options?: z.ZodMiniType[] };
  if (def.type !== 'union' || !def.discriminator || !def.options) return;
  const mapping: Record<string, string> = {};
  for (const option of def.options) {
    const id = z.globalRegistry.get(option)?.id;
    const tag = (option._zod.def as { shape?: Record<string, z.ZodMiniType> }).shape?.[def.discriminator]?._zod.def as { values?: unknown[] } | undefined;
    if (!id || tag?.values?.length !== 1) return;
    mapping[String(tag.values[0])] = `${COMPONENTS}${id}`;
  }
  jsonSchema.discriminator = { propertyName: def.discriminator, mapping };
};

/**
 * Turns every schema the document mentions into JSON Schema in one pass, so each named schema is
 * one component however many routes use it. Request schemas are stated as input (a field with a
 * default may be left out), which for the response schemas (no defaults, no transforms) is the same.
 */
class SchemaSet {
  private readonly schemas: z.ZodMiniType[] = [];

  /** A placeholder for `schema`'s JSON Schema, filled in by `resolve`. */
  add(schema: z.ZodMiniType): JsonSchema {
    this.schemas.push(schema);
    return { [PLACEHOLDER]: this.schemas.length - 1 };
  }

  resolve<T>(document: T): { document: T; components: Record<string, JsonSchema> } {
    const all = z.object(Object.fromEntries(this.schemas.map((schema, i) => [String(i), schema])));
    const json = z.toJSONSchema(all, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw', override: discriminate }) as {
      properties: Record<string, JsonSchema>;
      $defs?: Record<string, JsonSchema>;
    };
    const rebased = JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as typeof json;
    tidy(rebased);
    const filled = JSON.parse(JSON.stringify(document), (_key, value) =>
      value !== null && typeof value === 'object' && PLACEHOLDER in value ? rebased.properties[String(value[PLACEHOLDER])] : value,
    ) as T;
    return { document: filled, components: rebased.$defs ?? {} };
  }
}

const problem = (schemas: SchemaSet, status: number) => ({
  description: STATUS_TEXT[status] ?? 'Error',
  content: { 'application/problem+json': { schema: schemas.add(Problem) } },
});

/** One parameter per field of an object schema (path parameters, a query without a rule across its fields). */
function parametersOf(schema: z.ZodMiniObject, location: 'path' | 'query', schemas: SchemaSet): Parameter[] {
  const shape = schema._zod.def.shape as Record<string, z.ZodMiniType>;
  return Object.entries(shape).map(([name, field]) => {
    // An optional field, or one with a default, may be left out.
    const optional = field._zod.optin !== undefined;
    const description = z.globalRegistry.get(field)?.description;
    return {
      schema: schemas.add(field),
      required: location === 'path' || !optional,
      ...(description ? { description } : {}),
      name,
      in: location,
    };
  });
}

function operationOf(route: RouteSpec, schemas: SchemaSet) {
  const headers: Parameter[] = [];
  if (route.idempotent)
    headers.push({
      in: 'header',
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry return the first response instead of writing twice; scoped to the caller and route, kept 24 h; the same key with another body answers 422. 1-255 visible ASCII characters (400 otherwise); a UUID is a good choice',
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, minLength: 1, maxLength: 255 },
    });
  if (route.conditional)
    headers.push({
      in: 'header',
      name: 'If-Match',
      required: true,
      description: 'The ETag of the version being edited (`*`: any version); another version answers 412, none 428',
      schema: { type: 'string', pattern: IF_MATCH_PATTERN.source },
    });
  // Every protected route answers 403 to a token without the access-token scope (an ID token), and
  // every contribution to a caller in no group (domain/caller.ts), whatever else it checks.
  const errors = [...ALWAYS, ...(route.public ? [] : [401, 403]), ...route.errors];
  const queryDescription = route.query && z.globalRegistry.get(route.query)?.description;
  const query: Parameter[] = !route.query
    ? []
    : crossFieldRule(route.query)
      ? [
          {
            schema: schemas.add(route.query),
            required: true,
            ...(queryDescription ? { description: queryDescription } : {}),
            name: 'query',
            in: 'query',
            style: 'form',
            explode: true,
          },
        ]
      : parametersOf(route.query, 'query', schemas);
  const parameters = [...headers, ...(route.params ? parametersOf(route.params, 'path', schemas) : []), ...query];
  const body = route.documentedBody ?? route.body;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.rules ? { description: `Besides the schemas:\n${route.rules.map((rule) => `- ${rule}`).join('\n')}` } : {}),
    // One tag per route group: the Lambda that serves it, and the section app developers browse.
    tags: [route.group],
    ...(route.public ? { security: [] } : {}),
    parameters,
    ...(body ? { requestBody: { required: true, description: bodyLimits(route), content: { 'application/json': { schema: schemas.add(body) } } } } : {}),
    responses: {
      [route.success.status]: {
        description: STATUS_TEXT[route.success.status] ?? 'OK',
        ...(route.success.schema ? { content: { 'application/json': { schema: schemas.add(route.success.schema) } } } : {}),
      },
      ...(route.mayBeEmpty ? { 204: { description: 'Nothing to return' } } : {}),
      ...(route.mayCreate && route.success.schema
        ? { 201: { description: 'Created', content: { 'application/json': { schema: schemas.add(route.success.schema) } } } }
        : {}),
      ...Object.fromEntries([...new Set(errors)].map((status) => [status, problem(schemas, status)])),
    },
  };
}

export function openApiDocument(version: string) {
  const schemas = new SchemaSet();
  const paths: Record<string, Record<string, ReturnType<typeof operationOf>>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operationOf(route, schemas);
  }
  const { document, components } = schemas.resolve(paths);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Chorus community API',
      version,
      description:
        "The retailer community's API: posts, comments and reactions (members), the moderation queue (moderators), engagement events (the apps) and cost reports (finance). Errors are RFC 9457 application/problem+json.",
    },
    servers: [{ url: '/' }],
    security: [{ cognitoJwt: [] }],
    components: {
      securitySchemes: {
        cognitoJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `An access token from the Chorus Cognito user pool, carrying the scope ${ACCESS_TOKEN_SCOPE} (locally: \`npm run token\`); an ID token is refused`,
        },
      },
      schemas: components,
    },
    paths: document,
  };
}

/** The document as lambdas/api/openapi-packed.ts unpacks it: JSON, Brotli-compressed, base64. */
export const packedOpenApiDocument = (): string =>
  brotliCompressSync(JSON.stringify(openApiDocument(PACKED_VERSION)), { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).toString(
    'base64',
  );
