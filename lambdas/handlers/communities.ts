import { communitiesRoutes } from '../api/routes/communities';
import { createCommunity, getCommunity, listCommunities } from '../communities/communities';
import { communitiesRuntime } from '../composition/communities';
import { httpHandler } from '../http/http-handler';
import { created, ok } from '../http/responses';

export const handler = httpHandler(communitiesRoutes, communitiesRuntime, {
  listCommunities: async ({ query }, deps) => ok(await listCommunities(deps, query)),
  createCommunity: async ({ caller, body, requestKey }, deps) => {
    const community = await createCommunity(deps, caller, body, requestKey);
    return created(community, `/v1/communities/${community.communityId}`);
  },
  getCommunity: async ({ params }, deps) => ok(await getCommunity(deps, params.communityId)),
});
