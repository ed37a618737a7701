import type { MergeJob } from '../ideas/model';
import { ideasRoutes } from '../api/routes/ideas';
import { ideasRuntime } from '../composition/ideas';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';
import { assignIdea, board, changelog, ideaAssignment, ideaSettings, partnerIdeas, putIdeaSettings, timeline, unvote, vote } from '../ideas/ideas';
import { mergeIdea, mergeStatus, unmergeIdea } from '../ideas/merge';

/** A merge job as the API shows it: who ran it and where its cursor is stay inside. */
const showJob = ({ actorId: _actor, cursor: _cursor, statusBefore: _before, ...job }: MergeJob) => job;
const showAssignment = <T extends { assignedBy: string }>({ assignedBy: _by, ...rest }: T) => rest;

export const handler = httpHandler(ideasRoutes, ideasRuntime, {
  voteForIdea: async ({ caller, params }, deps) => ok(await vote(deps, caller, params.postId)),
  unvoteIdea: async ({ caller, params }, deps) => ok(await unvote(deps, caller, params.postId)),
  listIdeas: async ({ caller, params, query }, deps) => ok(await board(deps, caller, params.communityId, query, query)),
  mergeIdea: async ({ caller, params, body }, deps) => ok(showJob(await mergeIdea(deps, caller, params.postId, body.targetPostId))),
  unmergeIdea: async ({ caller, params }, deps) => ok(showJob(await unmergeIdea(deps, caller, params.postId))),
  getMerge: async ({ caller, params }, deps) => ok(showJob(await mergeStatus(deps, caller, params.postId))),
  assignIdea: async ({ caller, params, body }, deps) => ok(showAssignment(await assignIdea(deps, caller, params.postId, body))),
  getAssignment: async ({ caller, params }, deps) => ok(showAssignment(await ideaAssignment(deps, caller, params.postId))),
  getIdeaTimeline: async ({ caller, params, query }, deps) => ok(await timeline(deps, caller, params.postId, query)),
  getChangelog: async ({ caller, params, query }, deps) => ok(await changelog(deps, caller, params.communityId, query)),
  listPartnerIdeas: async ({ caller, query }, deps) => ok(await partnerIdeas(deps, caller, query.status, query)),
  getIdeaSettings: async ({ params }, deps) => ok(await ideaSettings(deps, params.communityId)),
  putIdeaSettings: async ({ caller, params, body }, deps) => ok(await putIdeaSettings(deps, caller, params.communityId, body)),
});
