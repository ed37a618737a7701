import { privacyRoutes } from '../api/routes/privacy';
import { privacyRuntime } from '../composition/privacy';
import { httpHandler } from '../http/http-handler';
import { accepted, ok } from '../http/responses';
import { erasureAudit, getExport, requestErasure, startExport } from '../members/member-data';

export const handler = httpHandler(privacyRoutes, privacyRuntime, {
  startExport: async ({ caller }, deps) => accepted(await startExport(deps, caller), '/v1/me/export'),
  getExport: async ({ caller }, deps) => ok(await getExport(deps, caller)),
  eraseMe: async ({ caller, query }, deps) => {
    const audit = await requestErasure(deps, caller, { memberId: caller.memberId, content: query.content });
    return accepted(audit, `/v1/erasures/${audit.erasureId}`);
  },
  eraseMember: async ({ caller, params, body }, deps) => {
    const audit = await requestErasure(deps, caller, { memberId: params.memberId, content: body.content, reference: body.reference });
    return accepted(audit, `/v1/erasures/${audit.erasureId}`);
  },
  getErasure: async ({ caller, params }, deps) => ok(await erasureAudit(deps, caller, params.erasureId)),
});
