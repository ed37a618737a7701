/**
 * A member's inbox, in one partition: the entries, an unread copy of each unread entry (so the unread
 * list is one Query and "all up to" reads only what is unread), the unread counter every write keeps
 * with ADD, and the member's preferences.
 *
 *   pk INBOX#<memberId>   sk N#<notificationId>   the entry (expires after 90 days)
 *                         sk U#<notificationId>   the same, while unread (kept until read: the counter counts it)
 *                         sk UNREAD               { unread: <count> }
 *                         sk PREFS                the member's preferences
 */
import type { BatchGetCommandInput, GetCommandInput, PutCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Notification, NotificationPreferences, NotificationTarget, NotificationType, SanctionNotice } from '../../notifications/model';
import type { NewNotification } from '../../notifications/ports';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { collectionList, getItem, key, memberKeys, PK, SK, TTL, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const INBOX_PREFIX = 'INBOX#';
export const UNREAD_SK = 'UNREAD';
const inbox = (memberId: string) => `${INBOX_PREFIX}${memberId}`;
export const entryKey = (memberId: string, id: string): Key => key(inbox(memberId), `N#${id}`);
export const unreadKey = (memberId: string, id: string): Key => key(inbox(memberId), `U#${id}`);
export const counterKey = (memberId: string): Key => key(inbox(memberId), UNREAD_SK);

/** The member whose unread counter these keys (a stream record's) are, or undefined for any other item. */
export function unreadCounterMember(keys: Readonly<Record<string, unknown>>): string | undefined {
  const pk = keys[PK];
  return keys[SK] === UNREAD_SK && typeof pk === 'string' && pk.startsWith(INBOX_PREFIX) ? pk.slice(INBOX_PREFIX.length) : undefined;
}
export const preferencesKey = (memberId: string): Key => key(inbox(memberId), 'PREFS');

/**
 * An entry caused by a member names them in its summary: it sits in byMember under that member
 * (CAUSED#<recipient>#<id>#<N|U>), so their erasure finds and deletes it in others' inboxes.
 */
const causedByKeys = (memberId: string, entry: NewNotification, copy: 'N' | 'U'): Item =>
  entry.causedBy ? memberKeys(entry.causedBy, `CAUSED#${memberId}#${entry.notificationId}#${copy}`) : {};

const content = (memberId: string, entry: NewNotification) => ({
  memberId,
  notificationId: entry.notificationId,
  notificationType: entry.type,
  occurredAt: entry.occurredAt,
  target: { ...entry.target },
  summary: entry.summary,
  reasonCode: entry.reasonCode,
  note: entry.note,
  ...(entry.sanction ? { sanction: { ...entry.sanction } } : {}),
});

/**
 * Writes a new entry, its unread copy and the count, together; the entry's condition refuses a
 * second write of the same cause (position 0), and then nothing is written.
 */
export const addNotificationItems = (table: string, memberId: string, entry: NewNotification): TransactItem[] => [
  {
    Put: {
      TableName: table,
      Item: {
        ...entryKey(memberId, entry.notificationId),
        type: ITEM_TYPES.notification,
        ...content(memberId, entry),
        ...causedByKeys(memberId, entry, 'N'),
        [TTL]: entry.expiresAt,
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': PK },
    },
  },
  {
    Put: {
      TableName: table,
      Item: {
        ...unreadKey(memberId, entry.notificationId),
        type: ITEM_TYPES.unreadNotification,
        ...content(memberId, entry),
        ...causedByKeys(memberId, entry, 'U'),
      },
    },
  },
  countUnread(table, memberId, 1),
];

export const countUnread = (table: string, memberId: string, by: number): TransactItem => ({
  Update: {
    TableName: table,
    Key: counterKey(memberId),
    UpdateExpression: 'SET #type = :type ADD unread :by',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': ITEM_TYPES.unreadCounter, ':by': by },
  },
});

/** Marks one entry read: its unread copy must still be there (position 0: only one reader counts it down), the entry gets its time (position 1, unless it expired). */
export const markReadItems = (table: string, memberId: string, id: string, at: string, entryStillThere: boolean): TransactItem[] => [
  {
    Delete: {
      TableName: table,
      Key: unreadKey(memberId, id),
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: { '#pk': PK },
    },
  },
  ...(entryStillThere
    ? [
        {
          Update: {
            TableName: table,
            Key: entryKey(memberId, id),
            UpdateExpression: 'SET readAt = :at',
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PK },
            ExpressionAttributeValues: { ':at': at },
          },
        },
      ]
    : []),
];

export const getCounter = (table: string, memberId: string): GetCommandInput => getItem(table, counterKey(memberId));
export const unreadOf = (item: StoredItem | undefined): number => (typeof item?.unread === 'number' ? Math.max(0, item.unread) : 0);

export const inboxList = (memberId: string, unreadOnly: boolean): ListRef => collectionList(`${unreadOnly ? 'unread' : 'inbox'}#${memberId}`, inbox(memberId));

/** A page of the inbox (or of its unread entries), newest first. */
export const inboxQuery = (table: string, memberId: string, unreadOnly: boolean, limit: number, start?: StartKey): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
  ExpressionAttributeValues: { ':pk': inbox(memberId), ':prefix': unreadOnly ? 'U#' : 'N#' },
  ScanIndexForward: false,
  Limit: limit,
  ExclusiveStartKey: start,
});

/** Unread entries whose id (time first) sorts at or before `lastId`, oldest first. */
export const unreadUpToQuery = (table: string, memberId: string, lastId: string, limit: number, start?: StartKey): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
  ExpressionAttributeValues: { ':pk': inbox(memberId), ':from': 'U#', ':to': `U#${lastId}` },
  ScanIndexForward: true,
  Limit: limit,
  ExclusiveStartKey: start,
  ProjectionExpression: 'notificationId',
});

export function toNotification(item: StoredItem): Notification {
  const unread = item.type === ITEM_TYPES.unreadNotification;
  const read = readItem(item, unread ? ITEM_TYPES.unreadNotification : ITEM_TYPES.notification);
  const target = read.map<NotificationTarget>('target');
  return {
    notificationId: read.string('notificationId'),
    type: read.string('notificationType') as NotificationType,
    occurredAt: read.string('occurredAt'),
    target: {
      communityId: target.communityId ?? null,
      postId: target.postId ?? null,
      commentId: target.commentId ?? null,
      productId: target.productId ?? null,
    },
    summary: read.string('summary'),
    reasonCode: read.nullableString('reasonCode'),
    note: read.nullableString('note'),
    sanction: item.sanction === undefined ? null : read.nullableMap<SanctionNotice>('sanction'),
    read: !unread && read.optionalString('readAt') !== undefined,
  };
}

export const putPreferences = (table: string, memberId: string, preferences: NotificationPreferences): PutCommandInput => ({
  TableName: table,
  Item: { ...preferencesKey(memberId), type: ITEM_TYPES.notificationPreferences, memberId, ...preferences },
});

export const getPreferences = (table: string, memberId: string): GetCommandInput => getItem(table, preferencesKey(memberId));

/** Up to 100 members' preferences in one read. */
export const preferencesBatch = (table: string, memberIds: readonly string[]): BatchGetCommandInput => ({
  RequestItems: { [table]: { Keys: memberIds.map(preferencesKey) } },
});

export function toPreferences(item: StoredItem | undefined): Partial<NotificationPreferences> | undefined {
  if (!item) return undefined;
  const read = readItem(item, ITEM_TYPES.notificationPreferences);
  return {
    types: read.map<NotificationPreferences['types']>('types'),
    mutedPostIds: item.mutedPostIds === undefined ? [] : read.strings('mutedPostIds'),
    mutedMemberIds: item.mutedMemberIds === undefined ? [] : read.strings('mutedMemberIds'),
  };
}
