/**
 * What every entity module builds its command inputs from: the table's key attributes, conditions,
 * SET/REMOVE updates, list references and the two query shapes (an index partition, an item
 * collection). Table-name convention: every builder takes the table name as its first argument and
 * puts it in each input it returns, transaction items included, so an input is complete as built.
 */
import type { GetCommandInput, QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ListRef, StartKey } from './cursor';
import { tableDesign, type IndexName } from './table-design';

export type Item = Record<string, unknown>;
export type Key = Record<string, string>;
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const PK = tableDesign.partitionKey;
export const SK = tableDesign.sortKey;
export const TTL = tableDesign.timeToLiveAttribute;
export const indexes = tableDesign.indexes;

export const key = (pk: string, sk: string): Key => ({ [PK]: pk, [SK]: sk });

export const getItem = (table: string, itemKey: Key, consistent = false): GetCommandInput => ({ TableName: table, Key: itemKey, ConsistentRead: consistent });

/** The condition of a write that must create its item, never overwrite one. */
export const isNew = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } } as const;

/** The condition of a write that must find its item already there. */
export const exists = { ConditionExpression: 'attribute_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } } as const;

/** A Put of a new item, refused if the key is taken. */
export const putNew = (table: string, item: Item): TransactItem => ({ Put: { TableName: table, Item: item, ...isNew } });

/** A check that an item exists, for transactions that need it to. */
export const mustExist = (table: string, itemKey: Key): TransactItem => ({ ConditionCheck: { TableName: table, Key: itemKey, ...exists } });

/**
 * `SET a = :a, ... REMOVE b, ...` with every attribute name aliased (names may be reserved words).
 * Undefined values are removed, so a field dropped from the next state disappears from the item.
 */
export function setAndRemove(set: Readonly<Record<string, unknown>>, remove: readonly string[] = []) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [attribute, value] of Object.entries(set)) {
    names[`#${attribute}`] = attribute;
    if (value === undefined) {
      removes.push(`#${attribute}`);
    } else {
      values[`:${attribute}`] = value;
      sets.push(`#${attribute} = :${attribute}`);
    }
  }
  for (const attribute of remove) {
    names[`#${attribute}`] = attribute;
    removes.push(`#${attribute}`);
  }
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' ');
  // DynamoDB refuses an empty ExpressionAttributeValues map (a REMOVE-only update has none).
  return { UpdateExpression: expression, ExpressionAttributeNames: names, ...(sets.length ? { ExpressionAttributeValues: values } : {}) };
}

/**
 * The byMember index keys of an item stored about a member outside their partition: `kind` starts the
 * sort key (`POST#<postId>`), so one kind is a prefix. Constant for the item's life (a keys-only index).
 */
export const memberKeys = (memberId: string, sortKey: string): Item => ({
  [indexes.byMember.partitionKey]: `MEMBER#${memberId}`,
  [indexes.byMember.sortKey]: sortKey,
});

/** One page of a member's items of one kind (keys only: the caller reads the items), in byMember or in byVoter (votes). */
export const memberItemsQuery = (
  table: string,
  memberId: string,
  prefix: string,
  limit: number,
  start: StartKey | undefined,
  index: 'byMember' | 'byVoter' = 'byMember',
): QueryCommandInput => ({
  TableName: table,
  IndexName: index,
  // A key condition takes no empty string: no prefix is the whole partition.
  KeyConditionExpression: prefix === '' ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
  ExpressionAttributeNames: { '#pk': indexes[index].partitionKey, ...(prefix === '' ? {} : { '#sk': indexes[index].sortKey }) },
  ExpressionAttributeValues: { ':pk': `MEMBER#${memberId}`, ...(prefix === '' ? {} : { ':prefix': prefix }) },
  Limit: limit,
  ExclusiveStartKey: start,
});

/** A list read from one partition of a named index. */
export const indexList = (index: IndexName, id: string, partitionValue: string): ListRef => ({
  id,
  keyAttributes: [PK, SK, indexes[index].partitionKey, indexes[index].sortKey],
  partition: { attribute: indexes[index].partitionKey, value: partitionValue },
});

/** A list of the items under one table partition (an item collection). */
export const collectionList = (id: string, partitionValue: string): ListRef => ({
  id,
  keyAttributes: [PK, SK],
  partition: { attribute: PK, value: partitionValue },
});

/** One page of an index partition. */
export const indexQuery = (
  table: string,
  index: IndexName,
  list: ListRef,
  limit: number | undefined,
  start: StartKey | undefined,
  newestFirst: boolean,
): QueryCommandInput => ({
  TableName: table,
  IndexName: index,
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': indexes[index].partitionKey },
  ExpressionAttributeValues: { ':pk': list.partition.value },
  ScanIndexForward: !newestFirst,
  ...(limit === undefined ? {} : { Limit: limit }),
  ExclusiveStartKey: start,
});

/** One page of the items of one kind under a partition: one sort-key prefix. */
export const collectionQuery = (
  table: string,
  list: ListRef,
  prefix: string,
  limit: number,
  start: StartKey | undefined,
  newestFirst: boolean,
): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
  ExpressionAttributeValues: { ':pk': list.partition.value, ':prefix': prefix },
  ScanIndexForward: !newestFirst,
  Limit: limit,
  ExclusiveStartKey: start,
});

/** Adds `attribute = value` filters (all must hold) to a query; undefined filters are left out. */
export function withFilters(input: QueryCommandInput, filters: Readonly<Record<string, unknown>>): QueryCommandInput {
  const present = Object.entries(filters).filter(([, value]) => value !== undefined);
  if (present.length === 0) return input;
  return {
    ...input,
    FilterExpression: [input.FilterExpression, ...present.map(([attribute]) => `#${attribute} = :${attribute}`)].filter(Boolean).join(' AND '),
    ExpressionAttributeNames: { ...input.ExpressionAttributeNames, ...Object.fromEntries(present.map(([attribute]) => [`#${attribute}`, attribute])) },
    ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ...Object.fromEntries(present.map(([attribute, value]) => [`:${attribute}`, value])) },
  };
}
