/**
 * Which feature each route and each function serves: the one table finance's "cost by feature"
 * is built from. A route group serving several features (posts: posting and reading) is split by
 * route when the usage source knows routes (the local runtime); when it only knows functions
 * (CloudWatch), such a function's cost is reported as unattributed rather than guessed.
 */
import { routes, type OperationId, type RouteGroup } from '../api/routes';

export const FEATURES = ['posting', 'reading', 'reacting', 'moderation', 'analytics', 'platform', 'unattributed'] as const;
export type Feature = (typeof FEATURES)[number];

/** What each feature covers, printed beside the figures. */
export const FEATURE_NOTES: Readonly<Record<Feature, string>> = {
  posting: 'creating, editing and deleting posts, comments and communities; idea statuses',
  reading: 'feeds, posts, comments, product and member pages',
  reacting: 'adding and removing reactions',
  moderation: 'reports, appeals, the moderation queue, decisions, policies',
  analytics: 'engagement events, the stream publisher, the queue, the archiver, the lake and its queries',
  platform: 'health, the OpenAPI document, who-am-I, the finance report itself',
  unattributed: 'usage the source cannot tie to a feature (CloudWatch: requests, table units and functions serving several features)',
};

export const ROUTE_FEATURES = {
  getHealth: 'platform',
  getOpenApi: 'platform',
  getMe: 'platform',
  listCommunities: 'reading',
  createCommunity: 'posting',
  getCommunity: 'reading',
  createPost: 'posting',
  listCommunityPosts: 'reading',
  getPost: 'reading',
  updatePost: 'posting',
  deletePost: 'posting',
  listPostRevisions: 'reading',
  setIdeaStatus: 'posting',
  listProductPosts: 'reading',
  listMemberPosts: 'reading',
  createComment: 'posting',
  listComments: 'reading',
  deleteComment: 'posting',
  addReaction: 'reacting',
  removeReaction: 'reacting',
  recordEvents: 'analytics',
  getModerationPolicy: 'moderation',
  putModerationPolicy: 'moderation',
  reportPost: 'moderation',
  reportComment: 'moderation',
  appealPost: 'moderation',
  listModerationItems: 'moderation',
  claimNextItem: 'moderation',
  getModerationItem: 'moderation',
  leaseItem: 'moderation',
  releaseLease: 'moderation',
  decideItem: 'moderation',
  decideItems: 'moderation',
  getModerationStats: 'moderation',
  getModerationAudit: 'moderation',
  getCosts: 'platform',
} as const satisfies Record<OperationId, Exclude<Feature, 'unattributed'>>;

/** Functions that serve no route: the analytics pipeline. */
export const PIPELINE_FUNCTIONS = { publisher: 'analytics', archiver: 'analytics' } as const satisfies Record<string, Feature>;
export type PipelineFunction = keyof typeof PIPELINE_FUNCTIONS;
export type FunctionName = RouteGroup | PipelineFunction;

export const featureOfRoute = (operationId: string): Feature => (ROUTE_FEATURES as Record<string, Feature>)[operationId] ?? 'unattributed';

/** A function's feature when only the function is known: its routes' one feature, or unattributed. */
export function featureOfFunction(name: string): Feature {
  const pipeline = (PIPELINE_FUNCTIONS as Record<string, Feature>)[name];
  if (pipeline) return pipeline;
  const features = new Set(routes.filter((r) => r.group === name).map((r) => featureOfRoute(r.operationId)));
  return features.size === 1 ? [...features][0]! : 'unattributed';
}
