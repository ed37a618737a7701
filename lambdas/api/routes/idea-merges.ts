/**
 * Ideas: merging duplicates and undoing a merge (community managers). Served by
 * lambdas/handlers/idea-merges.ts; votes and the board by ideas.ts, the rest of the workflow by
 * idea-workflow.ts.
 */
import { PostParams } from '../common-schemas';
import { MergeJob, MergeRequest } from '../idea-merge-schemas';
import type { GroupRoutes } from '../route-spec';

export const ideaMergesRoutes = [
  {
    method: 'POST',
    path: '/v1/posts/{postId}/merge',
    group: 'idea-merges',
    operationId: 'mergeIdea',
    summary: 'Merge a duplicate idea into another (community managers)',
    params: PostParams,
    body: MergeRequest,
    success: { status: 200, schema: MergeJob },
    errors: [403, 404, 409, 413, 415, 422],
    rules: [
      'both ideas published ideas of one community, not the same one (422), still taking votes (409)',
      'votes move in bounded steps: state running means the ideas worker is finishing (GET .../merge)',
    ],
  },
  {
    method: 'DELETE',
    path: '/v1/posts/{postId}/merge',
    group: 'idea-merges',
    operationId: 'unmergeIdea',
    summary: 'Undo a merge while its target is not shipped (community managers)',
    params: PostParams,
    success: { status: 200, schema: MergeJob },
    errors: [403, 404, 409, 422],
    rules: ['a published idea (422), merged, its merge finished, its target not shipped (409)'],
  },
  {
    method: 'GET',
    path: '/v1/posts/{postId}/merge',
    group: 'idea-merges',
    operationId: 'getMerge',
    summary: 'Where the merge of an idea stands (community managers)',
    params: PostParams,
    success: { status: 200, schema: MergeJob },
    errors: [403, 404],
  },
] as const satisfies GroupRoutes<'idea-merges'>;
