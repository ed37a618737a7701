/**
 * Changelog entry: a shipped idea on its community's changelog, most recently shipped first, with
 * the note it shipped with. Leaves when the idea leaves `shipped`.
 *
 *   pk POST#<postId>   sk CHANGELOG
 *   byIdeasNewest  COMMUNITY#<communityId>#CHANGELOG / <shippedAt>#<postId>
 */
import type { BatchGetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { indexList, indexQuery, indexes, key, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export interface ChangelogEntry {
  readonly postId: string;
  readonly communityId: string;
  readonly shippedAt: string;
  readonly note: string | null;
  readonly team: string | null;
}

export const changelogKey = (postId: string): Key => key(`POST#${postId}`, 'CHANGELOG');
const changelogPk = (communityId: string) => `COMMUNITY#${communityId}#CHANGELOG`;

export const putChangelogEntry = (table: string, e: ChangelogEntry): TransactItem => ({
  Put: {
    TableName: table,
    Item: {
      ...changelogKey(e.postId),
      type: ITEM_TYPES.changelogEntry,
      [indexes.byIdeasNewest.partitionKey]: changelogPk(e.communityId),
      [indexes.byIdeasNewest.sortKey]: `${e.shippedAt}#${e.postId}`,
      ...e,
    },
  },
});

export const deleteChangelogEntry = (table: string, postId: string): TransactItem => ({ Delete: { TableName: table, Key: changelogKey(postId) } });

export function toChangelogEntry(item: StoredItem): ChangelogEntry {
  const read = readItem(item, ITEM_TYPES.changelogEntry);
  return {
    postId: read.string('postId'),
    communityId: read.string('communityId'),
    shippedAt: read.string('shippedAt'),
    note: read.nullableString('note'),
    team: read.nullableString('team'),
  };
}

export const getChangelogEntries = (table: string, postIds: readonly string[]): BatchGetCommandInput => ({
  RequestItems: { [table]: { Keys: postIds.map(changelogKey) } },
});

export const changelogList = (communityId: string): ListRef => indexList('byIdeasNewest', `changelog#${communityId}`, changelogPk(communityId));

/** A community's shipped ideas, most recently shipped first. */
export const changelogQuery = (table: string, communityId: string, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byIdeasNewest', changelogList(communityId), limit, start, true);
