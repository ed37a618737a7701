/**
 * A community's desk due-time counters as of now (what "overdue" is computed from): the day items
 * from this hour's day to the last day an open item can fall due (one Query), and this hour's minute
 * item (one GetItem). What the live desk counts read beside the backlog's stream image.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lastDueDayOf } from '../desk/stats';
import type { DeskDueCounters } from '../live/desk-counts';
import { dueHourOf } from '../moderation/stats';
import { deskDueDaysQuery, getDeskDueHour, toDeskDueHours, toDeskDueMinutes } from './entities/desk-stats';

export const dynamoDeskDue =
  (client: DynamoDBDocumentClient, table: string) =>
  async (communityId: string, now: Date): Promise<DeskDueCounters> => {
    const hour = dueHourOf(now.toISOString());
    const [days, minutes] = await Promise.all([
      client.send(new QueryCommand(deskDueDaysQuery(table, communityId, hour.slice(0, 10), lastDueDayOf(now)))),
      client.send(new GetCommand(getDeskDueHour(table, communityId, hour))),
    ]);
    return { dueHours: Object.assign({}, ...(days.Items ?? []).map(toDeskDueHours)), dueMinutes: toDeskDueMinutes(minutes.Item, hour) };
  };
