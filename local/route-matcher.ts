/**
 * Matches a request against the route table the way API Gateway HTTP APIs do: literal segments
 * must be equal, a `{name}` segment matches exactly one non-empty segment, and the most specific
 * route (most literal segments, compared left to right) wins when two templates match.
 */
import type { HttpMethod, RouteSpec } from '../lambdas/api/routes';

export type RouteMatch<R extends RouteSpec = RouteSpec> =
  | { readonly kind: 'route'; readonly route: R; readonly pathParameters: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly HttpMethod[] }
  | { readonly kind: 'not-found' };

interface CompiledRoute<R extends RouteSpec> {
  readonly route: R;
  readonly segments: readonly Segment[];
}
type Segment = { readonly literal: string } | { readonly param: string };

const splitPath = (path: string): string[] => path.split('/').slice(1);

const compile = <R extends RouteSpec>(route: R): CompiledRoute<R> => ({
  route,
  segments: splitPath(route.path).map((segment) => {
    const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment)?.[1];
    return param ? { param } : { literal: segment };
  }),
});

/** Percent-decodes a path segment; a malformed escape is kept as received rather than failing the request. */
const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const matchSegments = (segments: readonly Segment[], parts: readonly string[]): Record<string, string> | undefined => {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index] ?? '';
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      if (part.length === 0) return undefined;
      params[segment.param] = decodeSegment(part);
    }
  }
  return params;
};

/** Literal segments before parameters: "/v1/posts/{postId}/comments" beats "/v1/posts/{postId}/{x}". */
const specificity = (segments: readonly Segment[]): string => segments.map((s) => ('literal' in s ? '1' : '0')).join('');

/**
 * Builds a matcher over a route table. `path` is the raw request path (no query string); parameter
 * values are URL-decoded.
 */
export function createRouteMatcher<R extends RouteSpec>(table: readonly R[]): (method: string, path: string) => RouteMatch<R> {
  const compiled = table.map(compile).sort((a, b) => specificity(b.segments).localeCompare(specificity(a.segments)));

  return (method, path) => {
    const parts = splitPath(path);
    const candidates = compiled.flatMap((c) => {
      const pathParameters = matchSegments(c.segments, parts);
      return pathParameters ? [{ route: c.route, pathParameters, specificity: specificity(c.segments) }] : [];
    });
    if (candidates.length === 0) return { kind: 'not-found' };
    // Only the most specific template counts: a wrong method on it is a 405, not a fall-through.
    const best = candidates[0]!.specificity;
    const sameTemplate = candidates.filter((c) => c.specificity === best);
    const hit = sameTemplate.find((c) => c.route.method === method.toUpperCase());
    if (hit) return { kind: 'route', route: hit.route, pathParameters: hit.pathParameters };
    return { kind: 'method-not-allowed', allow: [...new Set(sameTemplate.map((c) => c.route.method))] };
  };
}
