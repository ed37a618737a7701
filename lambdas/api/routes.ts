/**
 * The one route table. The CDK stack creates an API Gateway route per entry (and one Lambda per
 * group); the local runtime routes requests with it; the OpenAPI document is generated from it;
 * each handler validates its requests with the schemas named here.
 */
import type { z } from 'zod';
import * as s from './schemas';
import * as events from '../analytics/event-schemas';
import * as m from './moderation-schemas';
import * as f from './finance-schemas';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route group is served by one Lambda function, whose entry is lambdas/handlers/<group>.ts. */
export const ROUTE_GROUPS = ['public', 'members', 'communities', 'posts', 'comments', 'reactions', 'events', 'moderation', 'finance'] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path syntax: /v1/posts/{postId} */
  readonly path: string;
  readonly group: RouteGroup;
  readonly operationId: string;
  readonly summary: string;
  /** Public routes skip the JWT authorizer; every other route requires a valid token. Default false. */
  readonly public?: boolean;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Honours the Idempotency-Key header (POST routes). Default false. */
  readonly idempotent?: boolean;
  /** Sends an ETag and requires If-Match (PATCH of versioned objects). Default false. */
  readonly conditional?: boolean;
  /** Success status and its body schema (null: no body). */
  readonly success: { readonly status: 200 | 201 | 204; readonly schema: z.ZodType | null };
  /** Also answers 204 with no body when there is nothing to return (claim-next on an empty queue). Default false. */
  readonly mayBeEmpty?: boolean;
  /** Error statuses this route can answer with, besides 400/401/500. */
  readonly errors: readonly number[];
}

export const routes = [
  { method: 'GET', path: '/v1/health', group: 'public', operationId: 'getHealth', summary: 'Liveness of the API', public: true, success: { status: 200, schema: s.Health }, errors: [] },
  { method: 'GET', path: '/v1/openapi.json', group: 'public', operationId: 'getOpenApi', summary: 'This OpenAPI 3.1 document', public: true, success: { status: 200, schema: null }, errors: [] },
  { method: 'GET', path: '/v1/me', group: 'members', operationId: 'getMe', summary: 'The calling member', success: { status: 200, schema: s.Me }, errors: [] },

  { method: 'GET', path: '/v1/communities', group: 'communities', operationId: 'listCommunities', summary: 'Communities, by id', query: s.PageQuery, success: { status: 200, schema: s.CommunityPage }, errors: [] },
  { method: 'POST', path: '/v1/communities', group: 'communities', operationId: 'createCommunity', summary: 'Create a community (community managers)', body: s.NewCommunity, idempotent: true, success: { status: 201, schema: s.Community }, errors: [403, 409, 413, 415, 422] },
  { method: 'GET', path: '/v1/communities/{communityId}', group: 'communities', operationId: 'getCommunity', summary: 'One community', params: s.CommunityParams, success: { status: 200, schema: s.Community }, errors: [404] },

  { method: 'POST', path: '/v1/communities/{communityId}/posts', group: 'posts', operationId: 'createPost', summary: 'Post a discussion, question, review or idea', params: s.CommunityParams, body: s.NewPost, idempotent: true, success: { status: 201, schema: s.Post }, errors: [404, 409, 413, 415, 422, 429] },
  { method: 'GET', path: '/v1/communities/{communityId}/posts', group: 'posts', operationId: 'listCommunityPosts', summary: 'Community feed, newest first, optionally one kind', params: s.CommunityParams, query: s.FeedQuery, success: { status: 200, schema: s.PostPage }, errors: [404] },
  { method: 'GET', path: '/v1/posts/{postId}', group: 'posts', operationId: 'getPost', summary: 'One post (deleted posts: author and moderators only)', params: s.PostParams, success: { status: 200, schema: s.Post }, errors: [404] },
  { method: 'PATCH', path: '/v1/posts/{postId}', group: 'posts', operationId: 'updatePost', summary: 'Edit your post (If-Match: its ETag)', params: s.PostParams, body: s.PostPatch, conditional: true, success: { status: 200, schema: s.Post }, errors: [403, 404, 412, 413, 415, 422, 428] },
  { method: 'DELETE', path: '/v1/posts/{postId}', group: 'posts', operationId: 'deletePost', summary: 'Delete your post (a tombstone feeds skip)', params: s.PostParams, success: { status: 204, schema: null }, errors: [403, 404] },
  { method: 'GET', path: '/v1/posts/{postId}/revisions', group: 'posts', operationId: 'listPostRevisions', summary: "Earlier versions of a post, newest first (its author and moderators)", params: s.PostParams, query: s.PageQuery, success: { status: 200, schema: s.PostRevisionPage }, errors: [403, 404] },
  { method: 'PUT', path: '/v1/posts/{postId}/idea-status', group: 'posts', operationId: 'setIdeaStatus', summary: 'Move an idea through its statuses (community managers)', params: s.PostParams, body: s.IdeaStatusChange, success: { status: 200, schema: s.Post }, errors: [403, 404, 413, 415, 422] },
  { method: 'GET', path: '/v1/products/{productId}/posts', group: 'posts', operationId: 'listProductPosts', summary: 'Posts about a product, newest first, with review count and average rating', params: s.ProductParams, query: s.FeedQuery, success: { status: 200, schema: s.ProductPostPage }, errors: [] },
  { method: 'GET', path: '/v1/members/{memberId}/posts', group: 'posts', operationId: 'listMemberPosts', summary: "A member's published posts, newest first", params: s.MemberParams, query: s.PageQuery, success: { status: 200, schema: s.PostPage }, errors: [] },

  { method: 'POST', path: '/v1/posts/{postId}/comments', group: 'comments', operationId: 'createComment', summary: 'Comment on a post, or reply to a comment', params: s.PostParams, body: s.NewComment, idempotent: true, success: { status: 201, schema: s.Comment }, errors: [404, 409, 413, 415, 422, 429] },
  { method: 'GET', path: '/v1/posts/{postId}/comments', group: 'comments', operationId: 'listComments', summary: 'Comments of a post, oldest first', params: s.PostParams, query: s.PageQuery, success: { status: 200, schema: s.CommentPage }, errors: [404] },
  { method: 'DELETE', path: '/v1/posts/{postId}/comments/{commentId}', group: 'comments', operationId: 'deleteComment', summary: 'Delete your comment (replies stay)', params: s.CommentParams, success: { status: 204, schema: null }, errors: [403, 404] },

  { method: 'PUT', path: '/v1/posts/{postId}/reactions/{reaction}', group: 'reactions', operationId: 'addReaction', summary: 'React to a post (once per reaction type)', params: s.ReactionParams, success: { status: 200, schema: s.ReactionState }, errors: [404] },
  { method: 'DELETE', path: '/v1/posts/{postId}/reactions/{reaction}', group: 'reactions', operationId: 'removeReaction', summary: 'Take a reaction back', params: s.ReactionParams, success: { status: 200, schema: s.ReactionState }, errors: [404] },

  { method: 'POST', path: '/v1/events', group: 'events', operationId: 'recordEvents', summary: 'Record a batch of engagement events from the apps (per-event verdicts)', body: events.ClientEventBatch, success: { status: 200, schema: events.ClientEventResults }, errors: [413, 415, 422] },

  { method: 'GET', path: '/v1/communities/{communityId}/moderation-policy', group: 'moderation', operationId: 'getModerationPolicy', summary: "A community's moderation policy (community managers, moderators)", params: s.CommunityParams, success: { status: 200, schema: m.ModerationPolicy }, errors: [403, 404] },
  { method: 'PUT', path: '/v1/communities/{communityId}/moderation-policy', group: 'moderation', operationId: 'putModerationPolicy', summary: "Set a community's moderation policy (community managers)", params: s.CommunityParams, body: m.ModerationPolicy, success: { status: 200, schema: m.ModerationPolicy }, errors: [403, 404, 413, 415, 422] },
  { method: 'POST', path: '/v1/posts/{postId}/reports', group: 'moderation', operationId: 'reportPost', summary: 'Report a post to the moderators (once per member)', params: s.PostParams, body: m.NewReport, idempotent: true, success: { status: 201, schema: m.ReportReceipt }, errors: [404, 409, 413, 415, 422] },
  { method: 'POST', path: '/v1/posts/{postId}/comments/{commentId}/reports', group: 'moderation', operationId: 'reportComment', summary: 'Report a comment to the moderators (once per member)', params: m.ReportCommentParams, body: m.NewReport, idempotent: true, success: { status: 201, schema: m.ReportReceipt }, errors: [404, 409, 413, 415, 422] },
  { method: 'POST', path: '/v1/posts/{postId}/appeal', group: 'moderation', operationId: 'appealPost', summary: 'Appeal the rejection of your post (once)', params: s.PostParams, body: m.NewAppeal, idempotent: true, success: { status: 201, schema: m.AppealReceipt }, errors: [403, 404, 409, 413, 415, 422] },
  { method: 'GET', path: '/v1/moderation/items', group: 'moderation', operationId: 'listModerationItems', summary: 'Queue items by status, most urgent first (moderators)', query: m.ItemsQuery, success: { status: 200, schema: m.ModerationItemPage }, errors: [403] },
  { method: 'POST', path: '/v1/moderation/items/claim-next', group: 'moderation', operationId: 'claimNextItem', summary: 'Lease the most urgent free item; 204 when the queue is empty (moderators)', query: m.ClaimQuery, mayBeEmpty: true, success: { status: 200, schema: m.ModerationItem }, errors: [403] },
  { method: 'GET', path: '/v1/moderation/items/{itemId}', group: 'moderation', operationId: 'getModerationItem', summary: 'One queue item with the actions you may take (moderators)', params: m.ItemParams, success: { status: 200, schema: m.ModerationItem }, errors: [403, 404] },
  { method: 'PUT', path: '/v1/moderation/items/{itemId}/lease', group: 'moderation', operationId: 'leaseItem', summary: 'Lease this item, or extend your lease, for 5 minutes from now (moderators)', params: m.ItemParams, success: { status: 200, schema: m.ModerationItem }, errors: [403, 404, 409] },
  { method: 'DELETE', path: '/v1/moderation/items/{itemId}/lease', group: 'moderation', operationId: 'releaseLease', summary: 'Give an item back to the queue (moderators)', params: m.ItemParams, success: { status: 200, schema: m.ModerationItem }, errors: [403, 404, 409] },
  { method: 'POST', path: '/v1/moderation/items/{itemId}/decision', group: 'moderation', operationId: 'decideItem', summary: 'Approve, reject, escalate or request changes, on the version you saw (lease holder)', params: m.ItemParams, body: m.Decision, success: { status: 200, schema: m.ModerationItem }, errors: [403, 404, 409, 413, 415, 422] },
  { method: 'POST', path: '/v1/moderation/decisions', group: 'moderation', operationId: 'decideItems', summary: 'Many decisions, each with its own result; one failing never stops the others', body: m.BulkDecisions, success: { status: 200, schema: m.BulkDecisionResults }, errors: [403, 413, 415, 422] },
  { method: 'GET', path: '/v1/moderation/stats', group: 'moderation', operationId: 'getModerationStats', summary: 'Backlog, oldest waiting, past due, time to decision, decisions per moderator', query: m.StatsQuery, success: { status: 200, schema: m.ModerationStats }, errors: [403] },
  { method: 'GET', path: '/v1/moderation/audit', group: 'moderation', operationId: 'getModerationAudit', summary: 'The append-only log of claims, releases, expiries and decisions, by item or by moderator', query: m.AuditQuery, success: { status: 200, schema: m.AuditPage }, errors: [403] },

  { method: 'GET', path: '/v1/finance/costs', group: 'finance', operationId: 'getCosts', summary: 'What the community costs: by component and feature, per unit of activity, month-end projection, against budget (finance)', query: f.CostsQuery, success: { status: 200, schema: f.CostReport }, errors: [403] },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];
export type OperationId = Route['operationId'];

/** API Gateway's route key for a route: "GET /v1/posts/{postId}". */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export const routesOf = (group: RouteGroup): readonly RouteSpec[] => routes.filter((r) => r.group === group);

export const routeById = (operationId: OperationId): RouteSpec => {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route with operationId ${operationId}`);
  return route;
};
