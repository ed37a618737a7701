/**
 * What the ledger reads from the table: a community's audits (moderation, desk) by period (one Query on
 * byCommunityAudit, paged to its end: a report reads its period's entries, never the table), its opening
 * time, and the lake measures the ledger-measures job stored (which that job writes, listing the directory).
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TaskStep } from '../finance/labor';
import type { LaborSource } from '../finance/ledger';
import type { CommunityLister, MeasureStore, StoredWeekMeasures } from '../finance/ledger-measures';
import type { StartKey } from './cursor';
import { auditOfCommunityQuery, toTaskStep } from './entities/audit-entry';
import { deskAuditOfCommunityQuery, toDeskTaskStep } from './entities/desk-audit';
import { directoryQuery, getCommunity, toCommunity, toCommunityRecord } from './entities/community';
import { ledgerMeasuresQuery, putLedgerMeasures, toStoredWeekMeasures } from './entities/ledger-measures';

export function dynamoLaborSource(client: DynamoDBDocumentClient, table: string): LaborSource {
  return {
    async steps(kind, communityId, from, to) {
      // Each task kind's log is its own partition of byCommunityAudit (TASK_KINDS).
      const [query, toStep] = kind === 'desk' ? [deskAuditOfCommunityQuery, toDeskTaskStep] : [auditOfCommunityQuery, toTaskStep];
      const steps: TaskStep[] = [];
      let start: StartKey | undefined;
      do {
        const out = await client.send(new QueryCommand(query(table, communityId, from.toISOString(), to.toISOString(), start)));
        steps.push(...(out.Items ?? []).map(toStep));
        start = out.LastEvaluatedKey as StartKey | undefined;
      } while (start);
      return steps;
    },
  };
}

export const dynamoCommunityOpening =
  (client: DynamoDBDocumentClient, table: string) =>
  async (communityId: string): Promise<Date | undefined> => {
    const out = await client.send(new GetCommand(getCommunity(table, communityId)));
    return out.Item ? new Date(toCommunityRecord(out.Item).createdAt) : undefined;
  };

/** Writes at once: a run rewrites each community's weeks, one PutItem each. */
const PUT_CONCURRENCY = 8;

export function dynamoMeasureStore(client: DynamoDBDocumentClient, table: string): MeasureStore {
  return {
    async put(weeks) {
      let next = 0;
      const worker = async () => {
        while (next < weeks.length) await client.send(new PutCommand(putLedgerMeasures(table, weeks[next++]!)));
      };
      await Promise.all(Array.from({ length: Math.min(PUT_CONCURRENCY, weeks.length) }, worker));
    },
    async read(communityId, fromWeek, toWeek) {
      const out: StoredWeekMeasures[] = [];
      let start: StartKey | undefined;
      do {
        const page = await client.send(new QueryCommand(ledgerMeasuresQuery(table, communityId, fromWeek, toWeek, start)));
        out.push(...(page.Items ?? []).map(toStoredWeekMeasures));
        start = page.LastEvaluatedKey as StartKey | undefined;
      } while (start);
      return out;
    },
  };
}

/** Every community in the directory (byDirectory, paged to its end), with its opening time. */
export const dynamoCommunities =
  (client: DynamoDBDocumentClient, table: string): CommunityLister =>
  async () => {
    const out: { communityId: string; openedAt: Date }[] = [];
    let start: StartKey | undefined;
    do {
      const page = await client.send(new QueryCommand(directoryQuery(table, 100, start)));
      for (const item of page.Items ?? []) {
        const community = toCommunity(item);
        out.push({ communityId: community.communityId, openedAt: new Date(community.createdAt) });
      }
      start = page.LastEvaluatedKey as StartKey | undefined;
    } while (start);
    return out;
  };
