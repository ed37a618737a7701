import { ideaWorkflowRoutes } from '../api/routes/idea-workflow';
import { ideaWorkflowRuntime } from '../composition/idea-workflow';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';
import { assignIdea, changelog, ideaAssignment, ideaSettings, partnerIdeas, putIdeaSettings, timeline } from '../ideas/ideas';

const showAssignment = <T extends { assignedBy: string }>({ assignedBy: _by, ...rest }: T) => rest;

export const handler = httpHandler(ideaWorkflowRoutes, ideaWorkflowRuntime, {
  assignIdea: async ({ caller, params, body }, deps) => ok(showAssignment(await assignIdea(deps, caller, params.postId, body))),
  getAssignment: async ({ caller, params }, deps) => ok(showAssignment(await ideaAssignment(deps, caller, params.postId))),
  getIdeaTimeline: async ({ caller, params, query }, deps) => ok(await timeline(deps, caller, params.postId, query)),
  getChangelog: async ({ caller, params, query }, deps) => ok(await changelog(deps, caller, params.communityId, query)),
  listPartnerIdeas: async ({ caller, query }, deps) => ok(await partnerIdeas(deps, caller, query.status, query)),
  getIdeaSettings: async ({ params }, deps) => ok(await ideaSettings(deps, params.communityId)),
  putIdeaSettings: async ({ caller, params, body }, deps) => ok(await putIdeaSettings(deps, caller, params.communityId, body)),
});
