import { deskRoutes } from '../api/routes/desk';
import { deskRuntime } from '../composition/desk';
import {
  claimNextDeskItem,
  closeDeskItem,
  deskSlo,
  deskStats,
  getResponsePolicy,
  leaseDeskItem,
  listDeskItems,
  putResponsePolicy,
  releaseDeskLease,
} from '../desk/desk';
import { httpHandler } from '../http/http-handler';
import { noContent, ok } from '../http/responses';

export const handler = httpHandler(deskRoutes, deskRuntime, {
  getResponsePolicy: async ({ caller, params }, deps) => ok(await getResponsePolicy(deps, caller, params.communityId)),
  putResponsePolicy: async ({ caller, params, body }, deps) => ok(await putResponsePolicy(deps, caller, params.communityId, body)),
  listDeskItems: async ({ caller, query }, deps) => {
    const { limit, cursor, overdue, ...filters } = query;
    return ok(await listDeskItems(deps, caller, { ...filters, overdue: overdue === undefined ? undefined : overdue === 'true' }, { limit, cursor }));
  },
  claimNextDeskItem: async ({ caller, query }, deps) => {
    const item = await claimNextDeskItem(deps, caller, query.communityId);
    return item ? ok(item) : noContent();
  },
  leaseDeskItem: async ({ caller, params }, deps) => ok(await leaseDeskItem(deps, caller, params.deskItemId)),
  releaseDeskLease: async ({ caller, params }, deps) => ok(await releaseDeskLease(deps, caller, params.deskItemId)),
  closeDeskItem: async ({ caller, params, body }, deps) => ok(await closeDeskItem(deps, caller, params.deskItemId, body)),
  getDeskStats: async ({ caller, query }, deps) => ok(await deskStats(deps, caller, query.communityId, query.windowDays)),
  getDeskSlo: async ({ caller, query }, deps) => ok(await deskSlo(deps, caller, query.communityId)),
});
