/**
 * The two member-state operations every group's sanction check uses (lambdas/members/admission.ts):
 * read the caller's state item, create it on their first write. Its own module so that a group's
 * bundle carries the member-state entity alone, not the member store's sanctions, notes and cases.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StandingStore } from '../members/admission';
import { createMemberState, getMemberState, toMemberState } from './entities/member-state';

export function dynamoStandingStore(client: DynamoDBDocumentClient, table: string): StandingStore {
  return {
    async getState(memberId, read) {
      const out = await client.send(new GetCommand(getMemberState(table, memberId, read?.consistent ?? false)));
      return out.Item ? toMemberState(out.Item) : undefined;
    },

    async createState(memberId, at) {
      await client.send(new UpdateCommand(createMemberState(table, memberId, at)));
    },
  };
}
