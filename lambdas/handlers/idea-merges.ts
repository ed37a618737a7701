import type { MergeJob } from '../ideas/model';
import { ideaMergesRoutes } from '../api/routes/idea-merges';
import { ideaMergesRuntime } from '../composition/idea-merges';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';
import { mergeIdea, mergeStatus, unmergeIdea } from '../ideas/merge';

/** A merge job as the API shows it: who ran it and where its cursor is stay inside. */
const showJob = ({ actorId: _actor, cursor: _cursor, statusBefore: _before, ...job }: MergeJob) => job;

export const handler = httpHandler(ideaMergesRoutes, ideaMergesRuntime, {
  mergeIdea: async ({ caller, params, body }, deps) => ok(showJob(await mergeIdea(deps, caller, params.postId, body.targetPostId))),
  unmergeIdea: async ({ caller, params }, deps) => ok(showJob(await unmergeIdea(deps, caller, params.postId))),
  getMerge: async ({ caller, params }, deps) => ok(showJob(await mergeStatus(deps, caller, params.postId))),
});
