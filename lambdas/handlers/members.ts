import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

export const handler = httpHandler('members', undefined, {
  getMe: async ({ caller }) => ok({ memberId: caller.memberId, username: caller.username, groups: [...caller.groups].sort() }),
});
