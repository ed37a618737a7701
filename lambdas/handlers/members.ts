import { membersRoutes } from '../api/routes/members';
import { membersRuntime } from '../composition/members';
import { httpHandler } from '../http/http-handler';
import { created, ok } from '../http/responses';
import { aboutMe } from '../members/me';
import { addMemberNote, memberRecord, openSanctionAppeals, ownSanctions, sanctionMember } from '../members/sanctions';
import { appealSanction, decideSanctionAppeal, liftSanction } from '../moderation/sanction-appeals';

export const handler = httpHandler(membersRoutes, membersRuntime, {
  getMe: async ({ caller }, deps) => ok(await aboutMe(deps, caller)),
  listOwnSanctions: async ({ caller, query }, deps) => ok(await ownSanctions(deps, caller, query)),
  appealSanction: async ({ caller, params, body }, deps) =>
    created(await appealSanction(deps, caller, params.sanctionId, body.text), `/v1/me/sanctions/${params.sanctionId}/appeal`),
  sanctionMember: async ({ caller, params, body }, deps) => {
    const sanction = await sanctionMember(deps, caller, params.memberId, body);
    return created(sanction, `/v1/members/${params.memberId}/sanctions/${sanction.sanctionId}`);
  },
  liftSanction: async ({ caller, params, query }, deps) => ok(await liftSanction(deps, caller, params.memberId, params.sanctionId, query.note)),
  decideSanctionAppeal: async ({ caller, params, body }, deps) => ok(await decideSanctionAppeal(deps, caller, params.memberId, params.sanctionId, body)),
  listSanctionAppeals: async ({ caller, query }, deps) => ok(await openSanctionAppeals(deps, caller, query)),
  getMemberRecord: async ({ caller, params, query }, deps) => ok(await memberRecord(deps, caller, params.memberId, query.limit)),
  addMemberNote: async ({ caller, params, body }, deps) => {
    const note = await addMemberNote(deps, caller, params.memberId, body.text);
    return created(note, `/v1/members/${params.memberId}/record`);
  },
});
