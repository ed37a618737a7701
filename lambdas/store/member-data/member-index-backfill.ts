/**
 * The byMember backfill against the table (lambdas/members/member-index-backfill.ts): a page of a
 * Scan, filtered to the item types that carry byMember keys and lack them, and one conditional
 * write per item that adds them. The condition is the idempotence: the keys go only where none
 * are, and only while the item still names its member (an author not yet de-identified, a reaction
 * or report not yet erased), so a repeated page or a concurrent erasure never puts a member back.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BackfillPage, MemberIndexBackfillStore } from '../../members/member-index-backfill';
import type { StoredItem } from '../attributes';
import { getBackfillProgress, putBackfillProgress, toBackfillProgress } from '../entities/backfill-progress';
import { ITEM_TYPES } from '../entities/item-types';
import { postKey } from '../entities/post';
import { indexes, memberKeys, PK, SK, type TransactItem } from '../expressions';
import { sendTransaction } from '../transactions';
import { FORMER_MEMBER } from './registry';
import { memberSortKeyOf } from '../entities/moderation-item';
import type { QueueItem } from '../../moderation/queue';

/** Whose an item is, and the byMember sort key it should carry; `author`: it names them as its author (content, queue items). */
interface Owner {
  readonly memberId: unknown;
  readonly sortKey: string;
  readonly author?: boolean;
}

/** The item types written with byMember keys, as their entities key them (revisions: below, from their post). */
const OWNERS: Readonly<Record<string, (item: StoredItem) => Owner>> = {
  [ITEM_TYPES.post]: (i) => ({ memberId: i.authorId, sortKey: `POST#${i.postId}`, author: true }),
  [ITEM_TYPES.comment]: (i) => ({ memberId: i.authorId, sortKey: `COMMENT#${i.postId}#${i.commentId}`, author: true }),
  [ITEM_TYPES.moderationItem]: (i) => ({
    memberId: i.authorId,
    sortKey: memberSortKeyOf({ kind: i.kind as QueueItem['kind'], itemId: String(i.itemId) }),
    author: true,
  }),
  [ITEM_TYPES.deskItem]: (i) => ({ memberId: i.authorId, sortKey: `DESKITEM#${i.itemId}`, author: true }),
  [ITEM_TYPES.reaction]: (i) => ({ memberId: i.memberId, sortKey: `REACTION#${i.postId}#${i.reaction}` }),
  [ITEM_TYPES.report]: (i) => ({ memberId: i.memberId, sortKey: `REPORT#${i.itemId}` }),
};
const BACKFILLED_TYPES = [...Object.keys(OWNERS), ITEM_TYPES.postRevision];

/** Writes in flight at once on one page. */
const CONCURRENCY = 8;

const refused = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

const names = { '#memberPk': indexes.byMember.partitionKey, '#memberSk': indexes.byMember.sortKey };
const setKeys = (memberId: string, sortKey: string) => {
  const keys = memberKeys(memberId, sortKey);
  return {
    UpdateExpression: 'SET #memberPk = :memberPk, #memberSk = :memberSk',
    values: { ':memberPk': keys[indexes.byMember.partitionKey], ':memberSk': keys[indexes.byMember.sortKey] },
  };
};

export function dynamoMemberIndexBackfill(client: DynamoDBDocumentClient, table: string): MemberIndexBackfillStore {
  /** Adds the keys to one item; true if this write added them. */
  async function key(item: StoredItem, authorOf: (postId: string) => Promise<unknown>): Promise<boolean> {
    const itemKey = { [PK]: item[PK], [SK]: item[SK] };
    try {
      if (item.type === ITEM_TYPES.postRevision) {
        // A revision names no author: its post's, checked in the same transaction (an erasure de-identifies the post first).
        const author = await authorOf(String(item.postId));
        if (typeof author !== 'string' || author === FORMER_MEMBER.authorId) return false;
        const { UpdateExpression, values } = setKeys(author, `REVISION#${item.postId}#${String(item.version).padStart(6, '0')}`);
        const transaction: TransactItem[] = [
          {
            ConditionCheck: {
              TableName: table,
              Key: postKey(String(item.postId)),
              ConditionExpression: 'authorId = :author',
              ExpressionAttributeValues: { ':author': author },
            },
          },
          {
            Update: {
              TableName: table,
              Key: itemKey,
              UpdateExpression,
              ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#memberPk)',
              ExpressionAttributeNames: { ...names, '#pk': PK },
              ExpressionAttributeValues: values,
            },
          },
        ];
        await sendTransaction(client, { TransactItems: transaction });
        return true;
      }
      const owner = OWNERS[String(item.type)]?.(item);
      if (!owner || typeof owner.memberId !== 'string' || owner.memberId === FORMER_MEMBER.authorId) return false;
      const { UpdateExpression, values } = setKeys(owner.memberId, owner.sortKey);
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: itemKey,
          UpdateExpression,
          ConditionExpression: `attribute_not_exists(#memberPk) AND ${owner.author ? 'authorId = :member' : 'memberId = :member'}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':member': owner.memberId },
        }),
      );
      return true;
    } catch (error) {
      if (refused(error)) return false;
      throw error;
    }
  }

  return {
    async progress(name) {
      const out = await client.send(new GetCommand(getBackfillProgress(table, name)));
      return out.Item ? toBackfillProgress(out.Item) : undefined;
    },
    async saveProgress(progress) {
      await client.send(new PutCommand(putBackfillProgress(table, progress)));
    },
    async keyPage(cursor, limit): Promise<BackfillPage> {
      const types = Object.fromEntries(BACKFILLED_TYPES.map((type, i) => [`:t${i}`, type]));
      const out = await client.send(
        new ScanCommand({
          TableName: table,
          Limit: limit,
          ...(cursor ? { ExclusiveStartKey: JSON.parse(cursor) as Record<string, unknown> } : {}),
          // Reads (and bills) the whole page; returns only what lacks the keys.
          FilterExpression: `attribute_not_exists(#memberPk) AND #type IN (${Object.keys(types).join(', ')})`,
          ExpressionAttributeNames: { '#memberPk': indexes.byMember.partitionKey, '#type': 'type' },
          ExpressionAttributeValues: types,
        }),
      );
      const items = out.Items ?? [];
      const authors = new Map<string, Promise<unknown>>();
      const authorOf = (postId: string) => {
        let author = authors.get(postId);
        if (!author) {
          author = client.send(new GetCommand({ TableName: table, Key: postKey(postId), ConsistentRead: true })).then((r) => r.Item?.authorId);
          authors.set(postId, author);
        }
        return author;
      };
      let keyed = 0;
      for (let i = 0; i < items.length; i += CONCURRENCY) {
        const done = await Promise.all(items.slice(i, i + CONCURRENCY).map((item) => key(item, authorOf)));
        keyed += done.filter(Boolean).length;
      }
      return { scanned: out.ScannedCount ?? 0, keyed, cursor: out.LastEvaluatedKey ? JSON.stringify(out.LastEvaluatedKey) : null };
    },
  };
}
