/**
 * Every route, for what sees the whole API: the CDK stack (an API Gateway route per entry, one Lambda
 * per group), the local runtime's router, the OpenAPI document, finance's feature table and the
 * tests. A handler imports its own group's module (routes/<group>.ts) instead, so its bundle carries
 * no other group's schemas.
 */
import type { RouteGroup, RouteSpec } from '../route-spec';
import { commentsRoutes } from './comments';
import { communitiesRoutes } from './communities';
import { deskRoutes } from './desk';
import { eventsRoutes } from './events';
import { financeRoutes } from './finance';
import { ideaMergesRoutes } from './idea-merges';
import { ideaWorkflowRoutes } from './idea-workflow';
import { ideasRoutes } from './ideas';
import { membersRoutes } from './members';
import { moderationRoutes } from './moderation';
import { notificationsRoutes } from './notifications';
import { postsRoutes } from './posts';
import { privacyRoutes } from './privacy';
import { publicRoutes } from './public';
import { reactionsRoutes } from './reactions';

export {
  ACCESS_TOKEN_SCOPE,
  IDEMPOTENCY_KEY_PATTERN,
  IF_MATCH_PATTERN,
  MAX_BODY_BYTES,
  MAX_BODY_DEPTH,
  ROUTE_GROUPS,
  authorizationScopesOf,
  isContribution,
  routeKey,
  type HttpMethod,
  type RouteGroup,
  type RouteSpec,
} from '../route-spec';

// In ROUTE_GROUPS order: the OpenAPI document lists paths in this order.
export const routes = [
  ...publicRoutes,
  ...membersRoutes,
  ...privacyRoutes,
  ...communitiesRoutes,
  ...postsRoutes,
  ...commentsRoutes,
  ...reactionsRoutes,
  ...ideasRoutes,
  ...ideaMergesRoutes,
  ...ideaWorkflowRoutes,
  ...eventsRoutes,
  ...moderationRoutes,
  ...deskRoutes,
  ...financeRoutes,
  ...notificationsRoutes,
] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];
export type OperationId = Route['operationId'];

export const routesOf = (group: RouteGroup): readonly RouteSpec[] => routes.filter((r) => r.group === group);

export const routeById = (operationId: OperationId): RouteSpec => {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route with operationId ${operationId}`);
  return route;
};
