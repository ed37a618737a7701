import { reactionsRoutes } from '../api/routes/reactions';
import { reactionsRuntime } from '../composition/reactions';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';
import { addReaction, removeReaction } from '../reactions/reactions';

export const handler = httpHandler(reactionsRoutes, reactionsRuntime, {
  addReaction: async ({ caller, params }, deps) => ok(await addReaction(deps, caller, params.postId, params.reaction)),
  removeReaction: async ({ caller, params }, deps) => ok(await removeReaction(deps, caller, params.postId, params.reaction)),
});
