/** Communities: list, create (community managers), read one. Served by lambdas/handlers/communities.ts. */
import { CommunityParams, PageQuery } from '../common-schemas';
import { Community, CommunityPage, NewCommunity } from '../community-schemas';
import type { GroupRoutes } from '../route-spec';

export const communitiesRoutes = [
  {
    method: 'GET',
    path: '/v1/communities',
    group: 'communities',
    operationId: 'listCommunities',
    summary: 'Communities, by id',
    query: PageQuery,
    success: { status: 200, schema: CommunityPage },
    errors: [],
  },
  {
    method: 'POST',
    path: '/v1/communities',
    group: 'communities',
    operationId: 'createCommunity',
    summary: 'Create a community (community managers)',
    body: NewCommunity,
    idempotent: true,
    success: { status: 201, schema: Community },
    errors: [403, 409, 413, 415, 422],
  },
  {
    method: 'GET',
    path: '/v1/communities/{communityId}',
    group: 'communities',
    operationId: 'getCommunity',
    summary: 'One community',
    params: CommunityParams,
    success: { status: 200, schema: Community },
    errors: [404],
  },
] as const satisfies GroupRoutes<'communities'>;
