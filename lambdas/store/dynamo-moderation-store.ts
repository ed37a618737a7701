/**
 * The DynamoDB adapter of the moderation queue: sends what lambdas/store/keys.ts builds and turns
 * cancelled transactions into which part of a plan was refused.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ModerationPolicy } from '../api/moderation-schemas';
import { NotFoundError } from '../domain/errors';
import type { ModerationStore, PageRequest } from '../domain/ports';
import { byUrgency, type QueueItem } from '../moderation/queue';
import type { ListRef, StartKey } from './cursor';
import * as k from './keys';
import { queryPage } from './query-page';

/**
 * Candidates read per page of each claim index: the first page is the head alone (an uncontended
 * claim reads one item); later pages, needed only when concurrent claimers race for the head, are
 * larger. The page count bounds what one claim can cost.
 */
const FIRST_CLAIM_PAGE = 1;
const CLAIM_PAGE_SIZE = 4;
const MAX_CLAIM_PAGES = 10;

export function dynamoModerationStore(client: DynamoDBDocumentClient, table: string): ModerationStore {
  const page = <T>(list: ListRef, request: PageRequest, build: (limit: number, start?: StartKey) => QueryCommandInput, map: (item: Record<string, unknown>) => T) =>
    queryPage(client, list, request, build, map);

  return {
    async getQueueItem(itemId) {
      const out = await client.send(new GetCommand(k.getItem(table, k.moderationKeys.item(itemId), true)));
      return out.Item ? k.toQueueItem(out.Item) : undefined;
    },

    async commit(plan) {
      const { input, parts } = k.moderationTransaction(table, plan);
      try {
        await client.send(new TransactWriteCommand(input));
        return { ok: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const index = (error.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (index < 0) throw error;
        return { ok: false, failed: parts[index]! };
      }
    },

    async *claimCandidates(queue, now, communityId) {
      // Free items and items whose lease ran out, a page of each at a time, the most urgent first.
      let freeStart: StartKey | undefined;
      let expiredStart: StartKey | undefined;
      let freeDone = false;
      let expiredDone = false;
      for (let pageNo = 0; pageNo < MAX_CLAIM_PAGES && !(freeDone && expiredDone); pageNo++) {
        const size = pageNo === 0 ? FIRST_CLAIM_PAGE : CLAIM_PAGE_SIZE;
        const [free, expired] = await Promise.all([
          freeDone ? undefined : client.send(new QueryCommand(k.moderationQueries.queueHead(table, queue, size, freeStart, communityId))),
          expiredDone ? undefined : client.send(new QueryCommand(k.moderationQueries.expiredLeases(table, queue, now, size, expiredStart, communityId))),
        ]);
        freeStart = free?.LastEvaluatedKey as StartKey | undefined;
        expiredStart = expired?.LastEvaluatedKey as StartKey | undefined;
        freeDone ||= !freeStart;
        expiredDone ||= !expiredStart;
        const candidates = [...(free?.Items ?? []), ...(expired?.Items ?? [])].map(k.toQueueItem).sort(byUrgency);
        yield* candidates;
      }
    },

    listQueueItems(status, filters, request) {
      const tag = [filters.priority, filters.communityId, filters.kind, filters.reason].map((f) => f ?? '').join('|');
      return page(k.moderationLists.byStatus(status, tag), request, (limit, start) => k.moderationQueries.byStatus(table, status, filters, limit, start), k.toQueueItem);
    },

    async openItems(status, max) {
      const items: QueueItem[] = [];
      let start: StartKey | undefined;
      do {
        const out = await client.send(new QueryCommand(k.moderationQueries.byStatus(table, status, {}, Math.min(1000, max - items.length), start)));
        items.push(...(out.Items ?? []).map(k.toQueueItem));
        start = out.LastEvaluatedKey as StartKey | undefined;
      } while (start && items.length < max);
      return items;
    },

    auditOfItem: (itemId, request) =>
      page(k.moderationLists.auditOfItem(itemId), request, (limit, start) => k.moderationQueries.auditOfItem(table, itemId, limit, start), k.toAuditEntry),
    auditOfModerator: (moderatorId, request) =>
      page(k.moderationLists.auditOfModerator(moderatorId), request, (limit, start) => k.moderationQueries.auditOfModerator(table, moderatorId, limit, start), k.toAuditEntry),

    async decisionsOn(day) {
      const decisions: { actorId: string; waitedSeconds: number }[] = [];
      let start: StartKey | undefined;
      do {
        const out = await client.send(new QueryCommand(k.moderationQueries.decisionsOn(table, day, start)));
        for (const item of out.Items ?? []) decisions.push({ actorId: item.actorId as string, waitedSeconds: Number(item.waitedSeconds ?? 0) });
        start = out.LastEvaluatedKey as StartKey | undefined;
      } while (start);
      return decisions;
    },

    async memberPostCount(memberId, communityId) {
      const out = await client.send(new GetCommand(k.getItem(table, k.moderationKeys.memberInCommunity(memberId, communityId))));
      return Number(out.Item?.postCount ?? 0);
    },

    async hasFingerprint(memberId, hash, now) {
      const out = await client.send(new GetCommand(k.getItem(table, k.moderationKeys.fingerprint(memberId, hash))));
      // TTL deletion is lazy: an expired item may still be there.
      return out.Item !== undefined && Number(out.Item.expiresAt ?? 0) > now.getTime() / 1000;
    },

    async getPolicy(communityId) {
      const out = await client.send(new GetCommand({ ...k.getItem(table, k.keys.community(communityId)), ProjectionExpression: 'moderationPolicy' }));
      return out.Item?.moderationPolicy as ModerationPolicy | undefined;
    },

    async putPolicy(communityId, policy) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: k.keys.community(communityId),
            UpdateExpression: 'SET moderationPolicy = :policy',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':policy': policy },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new NotFoundError(`community ${communityId} does not exist`);
        throw error;
      }
    },
  };
}
