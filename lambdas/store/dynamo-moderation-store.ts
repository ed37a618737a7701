/**
 * The DynamoDB adapter of the moderation queue: sends what the entity modules build and turns
 * cancelled transactions into which part of a plan was refused.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../domain/errors';
import type { ModerationStore } from '../domain/ports';
import { byUrgency } from '../moderation/queue';
import type { StartKey } from './cursor';
import * as audit from './entities/audit-entry';
import { setModerationPolicy } from './entities/community';
import { getFingerprint, isLiveFingerprint } from './entities/content-fingerprint';
import { getMemberInCommunity, toPostCount, toReporterStanding } from './entities/member-in-community';
import * as moderationItem from './entities/moderation-item';
import * as stats from './entities/queue-stats';
import { moderationTransaction } from './moderation-transactions';
import { sendCreate } from './create-once';
import { dynamoModerationQueue, refusedPart } from './dynamo-moderation-queue';
import { queryPage } from './query-page';
import { claimCandidates, listedCandidates } from './leased-queue';

export function dynamoModerationStore(client: DynamoDBDocumentClient, table: string): ModerationStore {
  // The item and policy reads are the queue adapter's; this one commits whole plans (content and create marker too).
  const { getQueueItem, getPolicy } = dynamoModerationQueue(client, table);
  return {
    getQueueItem,
    getPolicy,

    async commit(plan, marker) {
      const { input, parts } = moderationTransaction(table, plan);
      try {
        await sendCreate(client, table, input, marker);
        return { ok: true };
      } catch (error) {
        const failed = refusedPart(error, parts);
        if (!failed) throw error;
        return { ok: false, failed };
      }
    },

    claimCandidates(queue, now, communityId) {
      // One community: its own partition holds free and expired items together, most urgent first.
      if (communityId !== undefined)
        return listedCandidates(
          client,
          (limit, start) => moderationItem.communityClaimQuery(table, queue, communityId, now, limit, start),
          moderationItem.toQueueItem,
        );
      return claimCandidates(
        client,
        {
          free: (limit, start) => moderationItem.queueHeadQuery(table, queue, limit, start),
          expired: (limit, start) => moderationItem.expiredLeasesQuery(table, queue, now, limit, start),
        },
        moderationItem.toQueueItem,
        byUrgency,
      );
    },

    listQueueItems(status, filters, request) {
      const tag = [filters.priority, filters.communityId, filters.kind, filters.reason].map((f) => f ?? '').join('|');
      const query = (limit: number, start?: StartKey) => moderationItem.byStatusQuery(table, status, filters, limit, start, tag);
      return queryPage(client, moderationItem.byStatusList(status, filters, tag), request, query, moderationItem.toQueueItem);
    },

    async statsCounters({ hour, lastDueDay, days }) {
      const [backlog, dueDays, dueHour, oldest, decisions] = await Promise.all([
        client.send(new GetCommand(stats.getBacklog(table))),
        client.send(new QueryCommand(stats.dueDaysQuery(table, hour.slice(0, 10), lastDueDay))),
        client.send(new GetCommand(stats.getDueHour(table, hour))),
        client.send(new QueryCommand(moderationItem.oldestWaitingQuery(table))),
        days.length === 0 ? undefined : client.send(new QueryCommand(stats.decisionDaysQuery(table, days.at(-1)!, days[0]!))),
      ]);
      return {
        backlog: stats.toBacklogCounters(backlog.Item),
        dueHours: Object.assign({}, ...(dueDays.Items ?? []).map((item) => stats.toDueHours(item))),
        dueMinutes: stats.toDueMinutes(dueHour.Item, hour),
        oldestWaiting: oldest.Items?.[0] ? moderationItem.toWaiting(oldest.Items[0]) : null,
        decisionDays: (decisions?.Items ?? []).map(stats.toDecisionSummary),
      };
    },

    auditOfItem: (itemId, request) =>
      queryPage(client, audit.auditOfItemList(itemId), request, (limit, start) => audit.auditOfItemQuery(table, itemId, limit, start), audit.toAuditEntry),
    auditOfModerator: (moderatorId, request) => {
      const query = (limit: number, start?: StartKey) => audit.auditOfModeratorQuery(table, moderatorId, limit, start);
      return queryPage(client, audit.auditOfModeratorList(moderatorId), request, query, audit.toAuditEntry);
    },

    async memberPostCount(memberId, communityId) {
      const out = await client.send(new GetCommand(getMemberInCommunity(table, memberId, communityId)));
      return toPostCount(out.Item);
    },

    async reporterStanding(memberId, communityId) {
      const out = await client.send(new GetCommand(getMemberInCommunity(table, memberId, communityId)));
      return toReporterStanding(out.Item);
    },

    async hasFingerprint(memberId, hash, now) {
      const out = await client.send(new GetCommand(getFingerprint(table, memberId, hash)));
      return isLiveFingerprint(out.Item, now);
    },

    async putPolicy(communityId, policy) {
      try {
        await client.send(new UpdateCommand(setModerationPolicy(table, communityId, policy)));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new NotFoundError(`community ${communityId} does not exist`);
        throw error;
      }
    },
  };
}
