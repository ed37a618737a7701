/**
 * Community: one item per community, and the directory of all communities (a sparse index partition).
 *
 *   pk COMMUNITY#<communityId>   sk COMMUNITY   byDirectory: COMMUNITIES / <communityId>
 */
import type { GetCommandInput, PutCommandInput, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ResponsePolicy } from '../../api/desk-schemas';
import type { ModerationPolicy } from '../../api/moderation-schemas';
import { DEFAULT_TRUST_THRESHOLDS } from '../../members/standing';
import { DEFAULT_REPORT_WEIGHTING } from '../../moderation/report-weight';
import type { Community } from '../../api/schemas';
import type { CommunityRecord } from '../../domain/ports';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { exists, getItem, indexList, indexQuery, indexes, isNew, key, mustExist, PK, SK, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

const DIRECTORY = 'COMMUNITIES';

export const communityKey = (communityId: string): Key => key(`COMMUNITY#${communityId}`, 'COMMUNITY');

export const communityItem = (c: Community): Item => ({
  ...communityKey(c.communityId),
  type: ITEM_TYPES.community,
  [indexes.byDirectory.partitionKey]: DIRECTORY,
  [indexes.byDirectory.sortKey]: c.communityId,
  ...c,
});

export function toCommunity(item: StoredItem): Community {
  const read = readItem(item, ITEM_TYPES.community);
  return {
    communityId: read.string('communityId'),
    name: read.string('name'),
    description: read.string('description'),
    rateLimits: read.map<Community['rateLimits']>('rateLimits'),
    createdAt: read.string('createdAt'),
    createdBy: read.string('createdBy'),
  };
}

/** The community with its moderation policy, which only the rules see. */
export function toCommunityRecord(item: StoredItem): CommunityRecord {
  const policy = toModerationPolicy(item);
  const response = toResponsePolicy(item);
  return { ...toCommunity(item), ...(policy ? { moderationPolicy: policy } : {}), ...(response ? { responsePolicy: response } : {}) };
}

/** Only the response policy (and what checking the item needs). */
export const getResponsePolicy = (table: string, communityId: string): GetCommandInput => ({
  ...getItem(table, communityKey(communityId)),
  ProjectionExpression: '#pk, #sk, #type, responsePolicy',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK, '#type': 'type' },
});

export const toResponsePolicy = (item: StoredItem): ResponsePolicy | undefined =>
  readItem(item, ITEM_TYPES.community).optionalMap<ResponsePolicy>('responsePolicy');

/** Replaces the community's response policy; refused if the community does not exist. */
export const setResponsePolicy = (table: string, communityId: string, policy: ResponsePolicy): UpdateCommandInput => ({
  TableName: table,
  Key: communityKey(communityId),
  UpdateExpression: 'SET responsePolicy = :policy',
  ...exists,
  ExpressionAttributeValues: { ':policy': policy },
});

/** Creates a community; refused if the id is taken. */
export const putCommunity = (table: string, c: Community): PutCommandInput => ({ TableName: table, Item: communityItem(c), ...isNew });

export const getCommunity = (table: string, communityId: string): GetCommandInput => getItem(table, communityKey(communityId));

/** Only the policy (and what checking the item needs), for the screening of a write. */
export const getModerationPolicy = (table: string, communityId: string): GetCommandInput => ({
  ...getItem(table, communityKey(communityId)),
  ProjectionExpression: '#pk, #sk, #type, moderationPolicy',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK, '#type': 'type' },
});

/** Policies stored before report weighting or trust levels existed use the defaults. */
export const toModerationPolicy = (item: StoredItem): ModerationPolicy | undefined => {
  const policy = readItem(item, ITEM_TYPES.community).optionalMap<ModerationPolicy>('moderationPolicy');
  return (
    policy && { ...policy, reportWeighting: policy.reportWeighting ?? DEFAULT_REPORT_WEIGHTING, trustLevels: policy.trustLevels ?? DEFAULT_TRUST_THRESHOLDS }
  );
};

/** Replaces the community's moderation policy; refused if the community does not exist. */
export const setModerationPolicy = (table: string, communityId: string, policy: ModerationPolicy): UpdateCommandInput => ({
  TableName: table,
  Key: communityKey(communityId),
  UpdateExpression: 'SET moderationPolicy = :policy',
  ...exists,
  ExpressionAttributeValues: { ':policy': policy },
});

/** For transactions that need the community to (still) exist. */
export const communityExists = (table: string, communityId: string): TransactItem => mustExist(table, communityKey(communityId));

export const directoryList = (): ListRef => indexList('byDirectory', 'directory', DIRECTORY);

/** Every community, by id. */
export const directoryQuery = (table: string, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byDirectory', directoryList(), limit, start, false);
