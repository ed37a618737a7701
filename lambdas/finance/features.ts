/**
 * Which feature each route and each function serves: the one table finance's "cost by feature"
 * is built from. A route group serving several features (posts: posting and reading) is split by
 * route when the usage source knows routes (the local runtime); when it only knows functions
 * (CloudWatch), such a function's cost is reported as unattributed rather than guessed.
 */
import type { Route, RouteGroup } from '../api/routes';

export const FEATURES = ['posting', 'reading', 'reacting', 'moderation', 'notifications', 'analytics', 'platform', 'unattributed'] as const;
export type Feature = (typeof FEATURES)[number];

/** What each feature covers, printed beside the figures. */
export const FEATURE_NOTES: Readonly<Record<Feature, string>> = {
  posting: 'creating, editing and deleting posts, comments and communities; idea statuses, merges and assignments',
  reading: 'feeds, posts, comments, product and member pages',
  reacting: 'adding and removing reactions and votes',
  moderation: 'reports, appeals, the moderation queue, decisions, policies; the response desk',
  notifications: 'follows, the notification inbox and preferences, the notifier and its queue',
  analytics: 'engagement events, the stream publisher, the queue, the archiver, the lake and its queries',
  platform: 'health, the OpenAPI document, who-am-I, the finance report itself',
  unattributed: 'usage the source cannot tie to a feature (CloudWatch: requests, table units and functions serving several features)',
};

/**
 * Each group's routes and the feature each serves. Keyed by group so the finance bundle needs no route
 * table: the types check that every route of every group has a feature and no unknown route does.
 */
export const GROUP_FEATURES = {
  public: { getHealth: 'platform', getOpenApi: 'platform' },
  members: {
    getMe: 'platform',
    listOwnSanctions: 'moderation',
    appealSanction: 'moderation',
    sanctionMember: 'moderation',
    liftSanction: 'moderation',
    decideSanctionAppeal: 'moderation',
    listSanctionAppeals: 'moderation',
    getMemberRecord: 'moderation',
    addMemberNote: 'moderation',
  },
  // Export and erasure: the platform's, as they were in the members group (a function of their own since issue 11).
  privacy: { startExport: 'platform', getExport: 'platform', eraseMe: 'platform', eraseMember: 'platform', getErasure: 'platform' },
  communities: { listCommunities: 'reading', createCommunity: 'posting', getCommunity: 'reading' },
  posts: {
    createPost: 'posting',
    listCommunityPosts: 'reading',
    getPost: 'reading',
    updatePost: 'posting',
    deletePost: 'posting',
    listPostRevisions: 'reading',
    setIdeaStatus: 'posting',
    acceptAnswer: 'posting',
    unacceptAnswer: 'posting',
    // The brand's reply is the desk's work, like its claims and closes.
    putBrandReply: 'moderation',
    withdrawBrandReply: 'moderation',
    listProductPosts: 'reading',
    listMemberPosts: 'reading',
  },
  comments: { createComment: 'posting', listComments: 'reading', deleteComment: 'posting' },
  reactions: { addReaction: 'reacting', removeReaction: 'reacting' },
  ideas: { voteForIdea: 'reacting', unvoteIdea: 'reacting', listIdeas: 'reading' },
  'idea-merges': { mergeIdea: 'posting', unmergeIdea: 'posting', getMerge: 'reading' },
  'idea-workflow': {
    assignIdea: 'posting',
    getAssignment: 'reading',
    getIdeaTimeline: 'reading',
    getChangelog: 'reading',
    listPartnerIdeas: 'reading',
    getIdeaSettings: 'reading',
    putIdeaSettings: 'posting',
  },
  events: { recordEvents: 'analytics' },
  moderation: {
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
  },
  desk: {
    getResponsePolicy: 'moderation',
    putResponsePolicy: 'moderation',
    listDeskItems: 'moderation',
    claimNextDeskItem: 'moderation',
    leaseDeskItem: 'moderation',
    releaseDeskLease: 'moderation',
    closeDeskItem: 'moderation',
    getDeskStats: 'moderation',
    getDeskSlo: 'moderation',
  },
  finance: { getCosts: 'platform', getLedger: 'platform' },
  notifications: {
    follow: 'notifications',
    unfollow: 'notifications',
    listFollows: 'notifications',
    listNotifications: 'notifications',
    getUnreadCount: 'notifications',
    markNotificationsRead: 'notifications',
    getNotificationPreferences: 'notifications',
    putNotificationPreferences: 'notifications',
  },
} as const satisfies { readonly [G in RouteGroup]: Record<Extract<Route, { group: G }>['operationId'], Exclude<Feature, 'unattributed'>> };

const ROUTE_FEATURES: ReadonlyMap<string, Feature> = new Map(Object.values(GROUP_FEATURES).flatMap((routes) => Object.entries(routes)));

/** Functions that serve no route: the analytics pipeline, the notifier, the ideas worker, and the live updates' socket functions and queue-counts pusher. */
export const PIPELINE_FUNCTIONS = {
  publisher: 'analytics',
  archiver: 'analytics',
  notifier: 'notifications',
  'ideas-worker': 'posting',
  'live-authorizer': 'platform',
  live: 'platform',
  'live-queue-counts': 'moderation',
} as const satisfies Record<string, Feature>;
export type PipelineFunction = keyof typeof PIPELINE_FUNCTIONS;
export type FunctionName = RouteGroup | PipelineFunction;

export const featureOfRoute = (operationId: string): Feature => ROUTE_FEATURES.get(operationId) ?? 'unattributed';

/** A function's feature when only the function is known: its routes' one feature, or unattributed. */
export function featureOfFunction(name: string): Feature {
  const pipeline = (PIPELINE_FUNCTIONS as Record<string, Feature>)[name];
  if (pipeline) return pipeline;
  const routes: Readonly<Record<string, Feature>> = Object.hasOwn(GROUP_FEATURES, name) ? GROUP_FEATURES[name as RouteGroup] : {};
  const features = new Set(Object.values(routes));
  return features.size === 1 ? [...features][0]! : 'unattributed';
}
