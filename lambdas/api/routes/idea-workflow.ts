/**
 * Ideas, the staff's and partners' side: owner teams, timelines, the changelog, partners' lists and a
 * community's idea settings. Served by lambdas/handlers/idea-workflow.ts; votes and the board by
 * ideas.ts, merges by idea-merges.ts.
 */
import { CommunityParams, PageQuery, PostParams } from '../common-schemas';
import { IdeaPage } from '../idea-schemas';
import { Assignment, AssignmentRequest, ChangelogPage, IdeaSettings, PartnerIdeasQuery, TimelinePage } from '../idea-workflow-schemas';
import type { GroupRoutes } from '../route-spec';

const ideaOnly = 'only ideas take votes (422); a held, rejected or deleted idea answers 409';

export const ideaWorkflowRoutes = [
  {
    method: 'PUT',
    path: '/v1/posts/{postId}/assignment',
    group: 'idea-workflow',
    operationId: 'assignIdea',
    summary: "Assign an idea to one of the community's teams, with its tracker reference (community managers)",
    params: PostParams,
    body: AssignmentRequest,
    success: { status: 200, schema: Assignment },
    errors: [403, 404, 409, 413, 415, 422],
    rules: ["team must be one of the community's teams (422)"],
  },
  {
    method: 'GET',
    path: '/v1/posts/{postId}/assignment',
    group: 'idea-workflow',
    operationId: 'getAssignment',
    partners: true,
    summary: "An idea's owner team and tracker reference",
    params: PostParams,
    success: { status: 200, schema: Assignment },
    errors: [404, 409, 422],
    rules: [ideaOnly],
  },
  {
    method: 'GET',
    path: '/v1/posts/{postId}/timeline',
    group: 'idea-workflow',
    operationId: 'getIdeaTimeline',
    partners: true,
    summary: "An idea's public timeline: status changes with their notes, who moved it (role, team), assignments, merges",
    params: PostParams,
    query: PageQuery,
    success: { status: 200, schema: TimelinePage },
    errors: [404],
  },
  {
    method: 'GET',
    path: '/v1/communities/{communityId}/changelog',
    group: 'idea-workflow',
    operationId: 'getChangelog',
    summary: 'Shipped ideas, most recently shipped first',
    params: CommunityParams,
    query: PageQuery,
    success: { status: 200, schema: ChangelogPage },
    errors: [404],
  },
  {
    method: 'GET',
    path: '/v1/partners/ideas',
    group: 'idea-workflow',
    operationId: 'listPartnerIdeas',
    partners: true,
    summary: "The ideas assigned to the calling partner's team, of one status (partners)",
    query: PartnerIdeasQuery,
    success: { status: 200, schema: IdeaPage },
    errors: [403],
  },
  {
    method: 'GET',
    path: '/v1/communities/{communityId}/idea-settings',
    group: 'idea-workflow',
    operationId: 'getIdeaSettings',
    summary: "A community's teams and vote budget",
    params: CommunityParams,
    success: { status: 200, schema: IdeaSettings },
    errors: [404],
  },
  {
    method: 'PUT',
    path: '/v1/communities/{communityId}/idea-settings',
    group: 'idea-workflow',
    operationId: 'putIdeaSettings',
    summary: "Set a community's teams and vote budget (community managers)",
    params: CommunityParams,
    body: IdeaSettings,
    success: { status: 200, schema: IdeaSettings },
    errors: [403, 404, 413, 415, 422],
  },
] as const satisfies GroupRoutes<'idea-workflow'>;
