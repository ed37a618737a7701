/**
 * Idea settings: a community's teams and vote budget (lambdas/ideas/model.ts), beside its community item.
 *
 *   pk COMMUNITY#<communityId>   sk IDEA-SETTINGS
 */
import type { GetCommandInput, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { IdeaSettings } from '../../ideas/model';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, type Key } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const ideaSettingsKey = (communityId: string): Key => key(`COMMUNITY#${communityId}`, 'IDEA-SETTINGS');

export const getIdeaSettings = (table: string, communityId: string): GetCommandInput => getItem(table, ideaSettingsKey(communityId));

export const putIdeaSettings = (table: string, communityId: string, settings: IdeaSettings): PutCommandInput => ({
  TableName: table,
  Item: { ...ideaSettingsKey(communityId), type: ITEM_TYPES.ideaSettings, communityId, teams: [...settings.teams], voteBudget: settings.voteBudget },
});

export function toIdeaSettings(item: StoredItem): IdeaSettings {
  const read = readItem(item, ITEM_TYPES.ideaSettings);
  const budget = item.voteBudget;
  return { teams: read.strings('teams'), voteBudget: typeof budget === 'number' ? budget : null };
}
