import { createCommunity, getCommunity, listCommunities } from '../communities/communities';
import { runtime } from '../composition';
import { httpHandler } from '../http/http-handler';
import { created, ok } from '../http/responses';

export const handler = httpHandler('communities', runtime, {
  listCommunities: async ({ query }, deps) => ok(await listCommunities(deps, query)),
  createCommunity: async ({ caller, body }, deps) => {
    const community = await createCommunity(deps, caller, body);
    return created(community, `/v1/communities/${community.communityId}`);
  },
  getCommunity: async ({ params }, deps) => ok(await getCommunity(deps, params.communityId)),
});
