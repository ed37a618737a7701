/**
 * What the ledger reads from the table: a community's audits (moderation, desk) by period (one Query on byCommunityAudit,
 * paged to its end: a report reads its period's entries, never the table) and its opening time.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TaskStep } from '../finance/labor';
import type { LaborSource } from '../finance/ledger';
import type { StartKey } from './cursor';
import { auditOfCommunityQuery, toTaskStep } from './entities/audit-entry';
import { deskAuditOfCommunityQuery, toDeskTaskStep } from './entities/desk-audit';
import { getCommunity, toCommunityRecord } from './entities/community';

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
