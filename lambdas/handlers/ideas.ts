import { ideasRoutes } from '../api/routes/ideas';
import { ideasRuntime } from '../composition/ideas';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';
import { board, unvote, vote } from '../ideas/ideas';

export const handler = httpHandler(ideasRoutes, ideasRuntime, {
  voteForIdea: async ({ caller, params }, deps) => ok(await vote(deps, caller, params.postId)),
  unvoteIdea: async ({ caller, params }, deps) => ok(await unvote(deps, caller, params.postId)),
  listIdeas: async ({ caller, params, query }, deps) => ok(await board(deps, caller, params.communityId, query, query)),
});
