import { routes } from '../../../lambdas/api/routes';
import { featureOfFunction, featureOfRoute } from '../../../lambdas/finance/features';

/**
 * Splitting a route group into functions changes which function serves a route, never the feature its
 * cost lands on: each idea route keeps the feature it had when one `ideas` function served all 13.
 */
const IDEA_ROUTE_FEATURES = {
  voteForIdea: 'reacting',
  unvoteIdea: 'reacting',
  listIdeas: 'reading',
  mergeIdea: 'posting',
  unmergeIdea: 'posting',
  getMerge: 'reading',
  assignIdea: 'posting',
  getAssignment: 'reading',
  getIdeaTimeline: 'reading',
  getChangelog: 'reading',
  listPartnerIdeas: 'reading',
  getIdeaSettings: 'reading',
  putIdeaSettings: 'posting',
} as const;

test('each idea route keeps its feature, whichever of the three idea functions serves it', () => {
  const served = routes.filter((r) => r.group === 'ideas' || r.group === 'idea-merges' || r.group === 'idea-workflow');
  expect(Object.fromEntries(served.map((r) => [r.operationId, featureOfRoute(r.operationId)]))).toEqual(IDEA_ROUTE_FEATURES);
});

test('a function known only by name (CloudWatch) is unattributed when its routes serve several features, as the one ideas function was', () => {
  for (const fn of ['ideas', 'idea-merges', 'idea-workflow']) expect(featureOfFunction(fn)).toBe('unattributed');
  expect(featureOfFunction('reactions')).toBe('reacting');
});
