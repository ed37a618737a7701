/**
 * Export jobs and erasure audits against the table: what the API's privacy function reads and writes of
 * member data, apart from the registry (dynamo-member-data.ts) only the worker walks.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberDataStore } from '../../members/member-data';
import * as erasureAudit from '../entities/erasure-audit';
import * as exportJob from '../entities/export-job';

export function dynamoMemberDataStore(client: DynamoDBDocumentClient, table: string): MemberDataStore {
  return {
    async startExport(job, staleBefore) {
      try {
        await client.send(new PutCommand(exportJob.startExportJob(table, job, staleBefore)));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async getExport(memberId) {
      const out = await client.send(new GetCommand(exportJob.getExportJob(table, memberId)));
      return out.Item ? exportJob.toExportJob(out.Item) : undefined;
    },
    async finishExport(job) {
      try {
        await client.send(new PutCommand(exportJob.finishExportJob(table, job)));
      } catch (error) {
        // A newer job replaced it (this one was stale): its result is not the member's latest.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    async putErasureAudit(audit) {
      await client.send(new PutCommand(erasureAudit.putErasureAudit(table, audit)));
    },
    async getErasureAudit(erasureId) {
      const out = await client.send(new GetCommand(erasureAudit.getErasureAudit(table, erasureId)));
      return out.Item ? erasureAudit.toErasureAudit(out.Item) : undefined;
    },
  };
}
