/**
 * The DynamoDB adapter of the response desk: desk items through the shared leased queue's claim
 * indexes and guards (lambdas/store/leased-queue.ts), their counters, and response policies.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { byDeskUrgency } from '../desk/desk-item';
import { NotFoundError } from '../domain/errors';
import type { DeskStore } from '../domain/ports';
import type { StartKey } from './cursor';
import { getResponsePolicy, setResponsePolicy, toResponsePolicy } from './entities/community';
import * as desk from './entities/desk-item';
import * as stats from './entities/desk-stats';
import { ITEM_TYPES } from './entities/item-types';
import { claimCandidates, listedCandidates } from './leased-queue';
import { deskWriteItems } from './desk-transactions';
import { queryPage } from './query-page';
import { sendTransaction } from './transactions';

export function dynamoDeskStore(client: DynamoDBDocumentClient, table: string): DeskStore {
  return {
    async getDeskItem(itemId) {
      const out = await client.send(new GetCommand(desk.getDeskItem(table, itemId)));
      return out.Item ? desk.toDeskRecord(out.Item) : undefined;
    },

    async commit(write) {
      try {
        await sendTransaction(client, { TransactItems: deskWriteItems(table, write) });
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
        throw error;
      }
    },

    claimCandidates(now, communityId) {
      if (communityId !== undefined)
        return listedCandidates(client, (limit, start) => desk.communityDeskClaimQuery(table, communityId, now, limit, start), desk.toDeskRecord);
      return claimCandidates(
        client,
        { free: (limit, start) => desk.freeDeskQuery(table, limit, start), expired: (limit, start) => desk.expiredDeskLeasesQuery(table, now, limit, start) },
        desk.toDeskRecord,
        byDeskUrgency,
      );
    },

    listOpen(filters, now, request) {
      const tag = [filters.communityId, filters.kind, filters.overdue].map((f) => f ?? '').join('|');
      const query = (limit: number, start?: StartKey) => desk.openDeskQuery(table, filters, now, limit, start, tag);
      return queryPage(client, desk.openDeskList(filters, tag), request, query, desk.toDeskRecord);
    },

    async statsCounters({ communityId, hour, lastDueDay, days }) {
      const [backlog, dueDays, dueHour, oldest, responses] = await Promise.all([
        client.send(new GetCommand(stats.getDeskBacklog(table, communityId))),
        client.send(new QueryCommand(stats.deskDueDaysQuery(table, communityId, hour.slice(0, 10), lastDueDay))),
        client.send(new GetCommand(stats.getDeskDueHour(table, communityId, hour))),
        client.send(new QueryCommand(desk.oldestDeskItemQuery(table, communityId))),
        client.send(new QueryCommand(stats.responseDaysQuery(table, communityId, days.at(-1)!, days[0]!))),
      ]);
      return {
        backlog: stats.toDeskBacklog(backlog.Item),
        dueHours: Object.assign({}, ...(dueDays.Items ?? []).map((item) => stats.toDeskDueHours(item))),
        dueMinutes: stats.toDeskDueMinutes(dueHour.Item, hour),
        oldestWaiting: oldest.Items?.[0] ? desk.toWaitingDeskItem(oldest.Items[0]) : null,
        days: (responses.Items ?? []).map(stats.toDeskDaySummary),
      };
    },

    async sloCounters({ communityId, days, fromHour, toHour }) {
      const [dayItems, hourItems] = await Promise.all([
        client.send(new QueryCommand(stats.responseDaysQuery(table, communityId, days.at(-1)!, days[0]!))),
        client.send(new QueryCommand(stats.responseHoursQuery(table, communityId, fromHour, toHour))),
      ]);
      return { days: (dayItems.Items ?? []).map(stats.toDeskDaySummary), hours: (hourItems.Items ?? []).map(stats.toDeskHourSummary) };
    },

    async getResponsePolicy(communityId) {
      const out = await client.send(new GetCommand(getResponsePolicy(table, communityId)));
      return out.Item && out.Item.type === ITEM_TYPES.community ? toResponsePolicy(out.Item) : undefined;
    },

    async putResponsePolicy(communityId, policy) {
      try {
        await client.send(new UpdateCommand(setResponsePolicy(table, communityId, policy)));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new NotFoundError(`community ${communityId} does not exist`);
        throw error;
      }
    },
  };
}
