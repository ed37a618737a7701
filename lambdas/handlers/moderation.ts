import { moderationRoutes } from '../api/routes/moderation';
import { moderationRuntime } from '../composition/moderation';
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
});
