import { membersRoutes } from '../api/routes/members';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

export const handler = httpHandler(membersRoutes, {
  getMe: async ({ caller }) => ok({ memberId: caller.memberId, username: caller.username, groups: [...caller.groups].sort() }),
});
