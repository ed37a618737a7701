/** The calling member, read from the token alone. Served by lambdas/handlers/members.ts. */
import { Me } from '../platform-schemas';
import type { GroupRoutes } from '../route-spec';

export const membersRoutes = [
  {
    method: 'GET',
    path: '/v1/me',
    group: 'members',
    operationId: 'getMe',
    summary: 'The calling member',
    partners: true,
    success: { status: 200, schema: Me },
    errors: [],
  },
] as const satisfies GroupRoutes<'members'>;
