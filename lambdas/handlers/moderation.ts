import { moderationRoutes } from '../api/routes/moderation';
import { moderationRuntime } from '../composition/moderation';
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
import { statusOf } from '../http/error-mapping';
import { httpHandler } from '../http/http-handler';
import { created, noContent, ok } from '../http/responses';
import {
  auditLog,
  claimNext,
  decide,
  decideMany,
  getItem,
  getModerationPolicy,
  leaseItem,
  listItems,
  moderationStats,
  putModerationPolicy,
  releaseLease,
} from '../moderation/moderation';
import { appealPost, reportComment, reportPost } from '../moderation/reports';

export const handler = httpHandler(moderationRoutes, moderationRuntime, {
  getModerationPolicy: async ({ caller, params }, deps) => ok(await getModerationPolicy(deps, caller, params.communityId)),
  putModerationPolicy: async ({ caller, params, body }, deps) => ok(await putModerationPolicy(deps, caller, params.communityId, body)),
  reportPost: async ({ caller, params, body, requestKey }, deps) => {
    const receipt = await reportPost(deps, caller, params.postId, body, requestKey);
    return created(receipt, `/v1/posts/${params.postId}`);
  },
  reportComment: async ({ caller, params, body, requestKey }, deps) => {
    const receipt = await reportComment(deps, caller, params.postId, params.commentId, body, requestKey);
    return created(receipt, `/v1/posts/${params.postId}/comments/${params.commentId}`);
  },
  appealPost: async ({ caller, params, body, requestKey }, deps) => {
    const item = await appealPost(deps, caller, params.postId, body, requestKey);
    return created({ itemId: item.itemId, status: item.status, dueAt: item.dueAt }, `/v1/posts/${params.postId}`);
  },
  listModerationItems: async ({ caller, query }, deps) => {
    const { status, limit, cursor, ...filters } = query;
    return ok(await listItems(deps, caller, status, filters, { limit, cursor }));
  },
  claimNextItem: async ({ caller, query }, deps) => {
    const item = await claimNext(deps, caller, query.queue, query.communityId);
    return item ? ok(item) : noContent();
  },
  getModerationItem: async ({ caller, params }, deps) => ok(await getItem(deps, caller, params.itemId)),
  leaseItem: async ({ caller, params }, deps) => ok(await leaseItem(deps, caller, params.itemId)),
  releaseLease: async ({ caller, params }, deps) => ok(await releaseLease(deps, caller, params.itemId)),
  decideItem: async ({ caller, params, body }, deps) => ok(await decide(deps, caller, params.itemId, body)),
  decideItems: async ({ caller, body }, deps) => {
    const { results } = await decideMany(deps, caller, body.decisions);
    return ok({
      results: results.map((result) =>
        'item' in result
          ? { itemId: result.itemId, status: 200, item: result.item }
          : { itemId: result.itemId, status: statusOf(result.error), detail: result.error.message },
      ),
    });
  },
  getModerationStats: async ({ caller, query }, deps) => ok(await moderationStats(deps, caller, query.windowDays)),
  getModerationAudit: async ({ caller, query }, deps) => ok(await auditLog(deps, caller, query, { limit: query.limit, cursor: query.cursor })),
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
