/**
 * Request parsing: media type, size, JSON syntax, then the route's schemas. Every failure names the
 * field and what would have been accepted.
 */
import type * as z from 'zod/mini';
import { MAX_BODY_BYTES, MAX_BODY_DEPTH } from '../api/route-spec';
import { BadRequestError, UnprocessableError, type FieldError } from '../domain/errors';
import { jsonBreach } from '../domain/json-bounds';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './http-errors';
// Issues a schema gives no message of its own read as classic zod's English ones.
import '../api/zod-english';

export { MAX_BODY_BYTES };
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

type Location = 'body' | 'query' | 'path';

const describeReceived = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
};

const pathOf = (location: Location, path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : `${out}.${String(part)}`), location);

export function fieldErrors(error: z.core.$ZodError, location: Location, schema: z.ZodMiniType, input: unknown): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      const accepted = acceptedKeys(schema, issue.path, input);
      return issue.keys.map((key) => ({
        field: pathOf(location, [...issue.path, key]),
        message: `is not an accepted field${accepted ? `; accepted: ${accepted.join(', ')}` : ''}`,
      }));
    }
    if (issue.code === 'invalid_type' && issue.path.length > 0) {
      const received = valueAt(input, issue.path);
      if (received === undefined) return [{ field: pathOf(location, issue.path), message: `is required (${issue.expected})` }];
      return [{ field: pathOf(location, issue.path), message: `must be of type ${issue.expected}, got ${describeReceived(received)}` }];
    }
    return [{ field: pathOf(location, issue.path), message: issue.message }];
  });
}

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((value, part) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined), input);

/** The keys an object schema at `path` accepts, when it can be told (object and discriminated-union schemas). */
function acceptedKeys(schema: z.ZodMiniType, path: readonly PropertyKey[], input: unknown): string[] | undefined {
  if (path.length > 0) return undefined;
  const def = (schema as unknown as { def?: { type?: string; shape?: object; options?: z.ZodMiniType[]; discriminator?: string; in?: z.ZodMiniType } }).def;
  if (def?.type === 'pipe' && def.in) return acceptedKeys(def.in, path, input);
  if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def?.type === 'union' && def.options && def.discriminator) {
    const tag = (input as Record<string, unknown> | null)?.[def.discriminator];
    for (const option of def.options) {
      const shape = (option as unknown as { def: { shape?: Record<string, { def?: { values?: unknown[] } }> } }).def.shape;
      if (shape?.[def.discriminator]?.def?.values?.includes(tag)) return Object.keys(shape);
    }
  }
  return undefined;
}

const summary = (errors: readonly FieldError[]): string =>
  errors
    .slice(0, 5)
    .map((e) => `${e.field} ${e.message}`)
    .join('; ') + (errors.length > 5 ? ` (and ${errors.length - 5} more)` : '');

/** Validates path parameters or a query string: failures are 400s (the URL is wrong). */
export function parseUrlPart<S extends z.ZodMiniType>(schema: S, location: 'query' | 'path', input: Record<string, string | undefined>): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error, location, schema, input);
  throw new BadRequestError(summary(errors), errors);
}

/**
 * Reads a JSON request body. Wrong media type 415, too large 413, not UTF-8 or not JSON or nested
 * deeper than `maxDepth` 400, valid JSON that breaks the schema 422.
 */
export function parseBody<S extends z.ZodMiniType>(
  schema: S,
  raw: string | undefined,
  isBase64Encoded: boolean,
  contentType: string | undefined,
  maxDepth = MAX_BODY_DEPTH,
): z.output<S> {
  if (raw === undefined || raw === '') {
    throw new BadRequestError('a JSON request body is required', [{ field: 'body', message: 'is required' }]);
  }
  if (!contentType || !JSON_MEDIA_TYPE.test(contentType)) {
    throw new UnsupportedMediaTypeError(`send the body as Content-Type: application/json, got ${contentType ? contentType.slice(0, 100) : 'no Content-Type'}`);
  }
  const bytes = isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`the body is ${bytes.byteLength} bytes; at most ${MAX_BODY_BYTES} bytes are accepted`);
  }
  let text: string;
  try {
    text = isBase64Encoded ? new TextDecoder('utf-8', { fatal: true }).decode(bytes) : raw;
  } catch {
    throw new BadRequestError('the body is not valid UTF-8', [{ field: 'body', message: 'must be UTF-8 encoded JSON' }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`the body is not valid JSON: ${(error as Error).message}`, [{ field: 'body', message: 'must be valid JSON' }]);
  }
  // The size is bounded above; only the depth is left to check, and without recursion.
  if (jsonBreach(json, { maxDepth, maxChars: Number.POSITIVE_INFINITY })) {
    throw new BadRequestError(`the body nests deeper than ${maxDepth} levels of objects and arrays; at most ${maxDepth} are accepted`, [
      { field: 'body', message: `must nest at most ${maxDepth} levels deep` },
    ]);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error, 'body', schema, json);
  throw new UnprocessableError(summary(errors), errors);
}
