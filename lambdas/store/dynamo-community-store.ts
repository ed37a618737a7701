/**
 * The DynamoDB adapter of communities alone (create once, read, the directory): what the
 * communities group composes, without the content store's posts, comments and reactions.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Community } from '../api/schemas';
import { ConflictError } from '../domain/errors';
import type { CommunityRecord, CommunityStore } from '../domain/ports';
import { sendCreate } from './create-once';
import * as community from './entities/community';
import { queryPage } from './query-page';
import { failedConditions } from './transactions';

async function readCommunity(client: DynamoDBDocumentClient, table: string, communityId: string): Promise<CommunityRecord | undefined> {
  const out = await client.send(new GetCommand(community.getCommunity(table, communityId)));
  return out.Item ? community.toCommunityRecord(out.Item) : undefined;
}

/** Reading one community by id, for groups that only look communities up (the desk): no creates, no directory. */
export const dynamoCommunityReader = (client: DynamoDBDocumentClient, table: string): Pick<CommunityStore, 'getCommunity'> => ({
  getCommunity: (communityId) => readCommunity(client, table, communityId),
});

export function dynamoCommunityStore(client: DynamoDBDocumentClient, table: string): CommunityStore {
  return {
    async createCommunity(c: Community, marker) {
      try {
        // With a marker the community and its marker are one transaction; without, one Put is cheaper.
        if (marker) await sendCreate(client, table, { TransactItems: [{ Put: community.putCommunity(table, c) }] }, marker);
        else await client.send(new PutCommand(community.putCommunity(table, c)));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException || failedConditions(error)?.[0])
          throw new ConflictError(`community ${c.communityId} already exists`);
        throw error;
      }
    },
    getCommunity: (communityId) => readCommunity(client, table, communityId),
    listCommunities: (request) =>
      queryPage(client, community.directoryList(), request, (limit, start) => community.directoryQuery(table, limit, start), community.toCommunity),
  };
}
