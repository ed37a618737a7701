/**
 * What a route is, without any route: the groups, the shape of a route entry and API Gateway's route
 * key. Route modules (routes/<group>.ts) and everything that serves routes import this; only what
 * needs every route imports routes/index.ts.
 */
import type * as z from 'zod/mini';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A route group is served by one Lambda function, whose entry is lambdas/handlers/<group>.ts. A group
 * is split where its users are when that keeps each bundle within 300 KB (BENCHMARKS.md section 1):
 * ideas are three, members voting and browsing the board (ideas), community managers merging
 * duplicates (idea-merges: the vote-moving steps) and staff and partners owning, moving and listing
 * ideas (idea-workflow). `privacy` (a member's export and erasure, and the managers' erasures and their
 * audits) is apart from `members` (who one is, sanctions, records, notes): only its routes queue jobs
 * for the member-data worker and sign archive URLs, so only its function carries the SQS client and
 * gets the jobs queue's send grant and the archive bucket's read. The trade-off: each function more is
 * a warm pool of its own, so more cold starts at low traffic (a rarely used route such as an export
 * meets more of them than inside a busier function), for a smaller bundle (a faster cold start) and
 * narrower grants.
 */
export const ROUTE_GROUPS = [
  'public',
  'members',
  'privacy',
  'communities',
  'posts',
  'comments',
  'reactions',
  'ideas',
  'idea-merges',
  'idea-workflow',
  'events',
  'moderation',
  // The retail team's response desk, apart from the moderators' queue since issue 11: each bundle carries
  // only its own people's routes, schemas and store (desk 304 KB, moderation 358 KB; together they were
  // 385 KB), and the desk's function gets only the table actions it uses and no idempotency table. The
  // price: one function more, with its own warm pool, so more cold starts while traffic is low.
  'desk',
  'finance',
  'notifications',
] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

/**
 * How deep a request body's JSON may nest (objects and arrays), unless its route says otherwise: the
 * deepest body any route accepts (a bulk decision: object, array, object) with room to spare. A deeper
 * body is refused with 400 before validation, logging or anything else that recurses can overflow its
 * stack on it.
 */
export const MAX_BODY_DEPTH = 16;

/** How large a request body may be, in bytes (413 beyond): larger than any valid post (20,000 characters of body) even when every character is escaped. */
export const MAX_BODY_BYTES = 256 * 1024;

/** If-Match as RFC 9110 §13.1.1 writes it: `*`, or a comma-separated list of entity tags (weak ones never match). */
export const IF_MATCH_PATTERN = /^(\*|(W\/)?"[\x21\x23-\x7e]*"([ \t]*,[ \t]*(W\/)?"[\x21\x23-\x7e]*")*)$/;

/** What an Idempotency-Key may be (400 otherwise): 1-255 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path syntax: /v1/posts/{postId} */
  readonly path: string;
  readonly group: RouteGroup;
  readonly operationId: string;
  readonly summary: string;
  /** Public routes skip the JWT authorizer; every other route requires a valid token. Default false. */
  readonly public?: boolean;
  readonly params?: z.ZodMiniObject;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  /**
   * What the document shows as the body when validation is split in two: the route checks `body`,
   * the use case then checks each element on its own (client events), so the document states both.
   * @default body
   */
  readonly documentedBody?: z.ZodMiniType;
  /**
   * How deep the body's JSON may nest before it is refused with 400, unread.
   * @default MAX_BODY_DEPTH
   */
  readonly maxBodyDepth?: number;
  /**
   * Open to partners: a caller whose only group is `partners` may call this route (their use cases
   * then limit them to their team's ideas). Partners are refused every other route (403).
   * @default false
   */
  readonly partners?: boolean;
  /** Honours the Idempotency-Key header (POST routes). Default false. */
  readonly idempotent?: boolean;
  /** Sends an ETag and requires If-Match (PATCH of versioned objects). Default false. */
  readonly conditional?: boolean;
  /** Success status and its body schema (null: no body). */
  readonly success: { readonly status: 200 | 201 | 202 | 204; readonly schema: z.ZodMiniType | null };
  /** Also answers 204 with no body when there is nothing to return (claim-next on an empty queue). Default false. */
  readonly mayBeEmpty?: boolean;
  /**
   * A PUT that also answers 201, with the success body, when it created what it names (the first
   * brand reply) rather than changed it.
   * @default false
   */
  readonly mayCreate?: boolean;
  /**
   * `own-account`: the caller's own account (who they are, their sanctions and appeals, export,
   * erasure), open whatever sanctions they are under. Any other route is refused to a suspended or
   * banned member, and a change also to a silenced one (lambdas/members/standing.ts).
   * @default by method: a change is a write, a GET a read
   */
  readonly sanctionScope?: 'own-account';
  /** Error statuses this route can answer with, besides 400/401/500. */
  readonly errors: readonly number[];
  /**
   * Rules no JSON Schema can state, because they depend on stored state, the caller or the clock
   * (the content's author, the post's kind, the item's allowed actions): the document says them in
   * words, with the status that refuses them.
   * @default none
   */
  readonly rules?: readonly string[];
}

/** The routes of one group: what its route module declares and its handler serves. */
export type GroupRoutes<G extends RouteGroup = RouteGroup> = readonly (RouteSpec & { readonly group: G })[];

/**
 * The OAuth scope every protected route requires. Cognito puts it in every access token of an SRP
 * sign-in (the apps' only flow) and never in an ID token, so requiring it is how API Gateway's JWT
 * authorizer, which cannot tell one kind of JWT from another, refuses ID tokens.
 */
export const ACCESS_TOKEN_SCOPE = 'aws.cognito.signin.user.admin';

/** The scopes API Gateway requires on a route (the token must carry one of them): none on a public route. */
export const authorizationScopesOf = (route: RouteSpec): readonly string[] => (route.public ? [] : [ACCESS_TOKEN_SCOPE]);

/** A route that changes state: what a signed-in caller in no group may not do (see domain/caller.ts). */
export const isContribution = (route: RouteSpec): boolean => !route.public && route.method !== 'GET';

/** API Gateway's route key for a route: "GET /v1/posts/{postId}". */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;
