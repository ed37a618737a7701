/**
 * CORS for web developers running an app on localhost, applied the way API Gateway's CORS
 * configuration is: preflights are answered before routing and authorization, and CORS headers
 * from the integration are replaced.
 */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After'] as const;
const ALLOWED_METHODS = 'GET,POST,PUT,PATCH,DELETE,OPTIONS';
const ALLOWED_HEADERS = 'authorization,content-type,if-match,if-none-match,idempotency-key';
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

export const isLocalOrigin = (origin: string | undefined): origin is string => origin !== undefined && LOCAL_ORIGIN.test(origin);

/** Headers for a response to a request from `origin`; none when the origin is not local. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!isLocalOrigin(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(','),
    vary: 'Origin',
  };
}

/** Headers answering a preflight from `origin`, or undefined when it is not a preflight we answer. */
export function preflightHeaders(
  method: string,
  headers: { origin?: string; 'access-control-request-method'?: string; 'access-control-request-headers'?: string },
): Record<string, string> | undefined {
  if (method !== 'OPTIONS' || !isLocalOrigin(headers.origin) || !headers['access-control-request-method']) return undefined;
  return {
    ...corsHeaders(headers.origin),
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
    'access-control-max-age': '600',
  };
}

/** Removes CORS headers an integration set, as API Gateway does when CORS is configured on the API. */
export const withoutCorsHeaders = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith('access-control-')));
