/**
 * Ideas, the members' side: votes and the board. Served by lambdas/handlers/ideas.ts; the staff's and
 * partners' side (merges, owner teams, timelines, the changelog, settings) by idea-workflow.ts.
 */
import { CommunityParams, PostParams } from '../common-schemas';
import { BoardQuery, IdeaPage, VoteState } from '../idea-schemas';
import type { GroupRoutes } from '../route-spec';

const ideaOnly = 'only ideas take votes (422); a held, rejected or deleted idea answers 409';

export const ideasRoutes = [
  {
    method: 'PUT',
    path: '/v1/posts/{postId}/vote',
    group: 'ideas',
    operationId: 'voteForIdea',
    summary: 'Vote for an idea (once per member)',
    params: PostParams,
    success: { status: 200, schema: VoteState },
    errors: [404, 409, 422],
    rules: [ideaOnly, 'votes close when an idea is shipped, declined or merged (409)', "over the community's vote budget (409)"],
  },
  {
    method: 'DELETE',
    path: '/v1/posts/{postId}/vote',
    group: 'ideas',
    operationId: 'unvoteIdea',
    summary: 'Take your vote back',
    params: PostParams,
    success: { status: 200, schema: VoteState },
    errors: [404, 409, 422],
    rules: [ideaOnly, 'votes close when an idea is shipped, declined or merged (409)'],
  },
  {
    method: 'GET',
    path: '/v1/communities/{communityId}/ideas',
    group: 'ideas',
    operationId: 'listIdeas',
    summary: 'Ideas board: top (votes), new, or trending (votes in the last 7 days)',
    params: CommunityParams,
    query: BoardQuery,
    success: { status: 200, schema: IdeaPage },
    errors: [404],
    rules: ['status does not apply to sort=trending (400)'],
  },
] as const satisfies GroupRoutes<'ideas'>;
