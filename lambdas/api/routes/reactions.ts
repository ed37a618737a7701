/** Reactions to a post, one per member and reaction type. Served by lambdas/handlers/reactions.ts. */
import { ReactionParams, ReactionState } from '../reaction-schemas';
import type { GroupRoutes } from '../route-spec';

export const reactionsRoutes = [
  {
    method: 'PUT',
    path: '/v1/posts/{postId}/reactions/{reaction}',
    group: 'reactions',
    operationId: 'addReaction',
    summary: 'React to a post (once per reaction type)',
    params: ReactionParams,
    success: { status: 200, schema: ReactionState },
    errors: [404],
  },
  {
    method: 'DELETE',
    path: '/v1/posts/{postId}/reactions/{reaction}',
    group: 'reactions',
    operationId: 'removeReaction',
    summary: 'Take a reaction back',
    params: ReactionParams,
    success: { status: 200, schema: ReactionState },
    errors: [404],
  },
] as const satisfies GroupRoutes<'reactions'>;
