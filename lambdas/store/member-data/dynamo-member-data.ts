/**
 * The member-data registry (./registry.ts) against the table: a member's items of every kind, read
 * a page at a time (byMember is keys only: each page of keys is one BatchGet), exported or erased.
 * The jobs' own items are in dynamo-member-data-jobs.ts.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberData } from '../../members/member-data';
import { batchGet } from '../batch-get';
import { memberPartition } from '../entities/member-state';
import { memberItemsQuery, PK, SK, type Key } from '../expressions';
import { sendTransaction } from '../transactions';
import { MEMBER_DATA, type MemberDataKind } from './registry';

const PAGE = 100;

/** Every item of one kind of the member's, a page at a time. */
async function* itemsOf(client: DynamoDBDocumentClient, table: string, memberId: string, kind: MemberDataKind): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, string> | undefined;
  do {
    if (kind.where.in !== 'partition') {
      const out = await client.send(new QueryCommand(memberItemsQuery(table, memberId, kind.where.prefix, PAGE, start, kind.where.in)));
      const keys: Key[] = (out.Items ?? []).map((i) => ({ [PK]: String(i[PK]), [SK]: String(i[SK]) }));
      // An item erased meanwhile may still be in the (eventually consistent) index: the read skips it.
      yield await batchGet(client, table, keys, true);
      start = out.LastEvaluatedKey as Record<string, string> | undefined;
    } else {
      const { prefix } = kind.where;
      const out = await client.send(
        new QueryCommand({
          TableName: table,
          // A key condition takes no empty string: no prefix is the whole partition.
          KeyConditionExpression: prefix === '' ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': PK, ...(prefix === '' ? {} : { '#sk': SK }) },
          ExpressionAttributeValues: { ':pk': (kind.where.partition ?? memberPartition)(memberId), ...(prefix === '' ? {} : { ':prefix': prefix }) },
          Limit: PAGE,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      yield out.Items ?? [];
      start = out.LastEvaluatedKey as Record<string, string> | undefined;
    }
  } while (start);
}

const refused = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

export function dynamoMemberData(client: DynamoDBDocumentClient, table: string, kinds: readonly MemberDataKind[] = MEMBER_DATA): MemberData {
  return {
    async collect(memberId) {
      const archive: Record<string, unknown[]> = {};
      for (const kind of kinds) {
        if (!kind.exportItem) continue;
        const items: unknown[] = [];
        for await (const page of itemsOf(client, table, memberId, kind)) items.push(...page.map(kind.exportItem));
        archive[kind.kind] = items;
      }
      return archive;
    },

    async erase(memberId, content, at) {
      const counts: Record<string, number> = {};
      for (const kind of kinds) {
        // Erased items leave the index (their keys are removed or they are deleted), so each pass reads what is left.
        for await (const page of itemsOf(client, table, memberId, kind)) {
          for (const item of page) {
            for (const transaction of kind.eraseItem(table, item, { memberId, content, at })) {
              try {
                await sendTransaction(client, { TransactItems: transaction });
              } catch (error) {
                // Changed meanwhile (a concurrent edit, or a redelivered job that got there first): the next pass reads it again.
                if (!refused(error)) throw error;
              }
            }
            counts[kind.kind] = (counts[kind.kind] ?? 0) + 1;
          }
        }
      }
      return counts;
    },
  };
}
