/** The DynamoDB adapter of the members' use cases: states, sanctions, notes and the record. */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberStore } from '../members/ports';
import { batchGet } from './batch-get';
import { decodeCursor, encodeCursor, type ListRef, type StartKey } from './cursor';
import { putMemberNote, notesList, notesQuery, toMemberNote } from './entities/member-note';
import { liftActiveSanction, setActiveSanctions } from './entities/member-state';
import { moderationItemKey, toContentCase } from './entities/moderation-item';
import * as sanction from './entities/sanction';
import { indexes, memberItemsQuery, PK, SK, type Key } from './expressions';
import { queryPage } from './query-page';
import { sendTransaction } from './transactions';
import { dynamoStandingStore } from './dynamo-standing-store';

const refused = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

export function dynamoMemberStore(client: DynamoDBDocumentClient, table: string): MemberStore {
  const attempt = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write();
      return true;
    } catch (error) {
      if (refused(error)) return false;
      throw error;
    }
  };

  return {
    ...dynamoStandingStore(client, table),

    putSanction: (s, active, stateVersion) =>
      attempt(() => sendTransaction(client, { TransactItems: [sanction.putSanction(table, s), setActiveSanctions(table, s.memberId, active, stateVersion)] })),

    async getSanction(memberId, sanctionId) {
      const out = await client.send(new GetCommand({ TableName: table, Key: sanction.sanctionKey(memberId, sanctionId), ConsistentRead: true }));
      return out.Item ? sanction.toSanction(out.Item) : undefined;
    },

    liftSanction: (memberId, sanctionId, lifted, active) =>
      attempt(() =>
        sendTransaction(client, {
          TransactItems: [sanction.liftSanction(table, memberId, sanctionId, lifted), ...(active ? [liftActiveSanction(table, memberId, sanctionId)] : [])],
        }),
      ),

    listSanctions: (memberId, page) =>
      queryPage(client, sanction.sanctionsList(memberId), page, (limit, start) => sanction.sanctionsQuery(table, memberId, limit, start), sanction.toSanction),

    openAppeals: (page) =>
      queryPage(client, sanction.openAppealsList(), page, (limit, start) => sanction.openAppealsQuery(table, limit, start), sanction.toSanction),

    async addNote(note) {
      const put = putMemberNote(table, note).Put!;
      await client.send(new PutCommand(put));
    },

    listNotes: (memberId, page) => queryPage(client, notesList(memberId), page, (limit, start) => notesQuery(table, memberId, limit, start), toMemberNote),

    async contentCases(memberId, page) {
      const list: ListRef = {
        id: `cases#${memberId}`,
        keyAttributes: [PK, SK, indexes.byMember.partitionKey, indexes.byMember.sortKey],
        partition: { attribute: indexes.byMember.partitionKey, value: `MEMBER#${memberId}` },
      };
      const out = await client.send(new QueryCommand(memberItemsQuery(table, memberId, 'MODITEM#', page.limit, decodeCursor(list, page.cursor))));
      const keys: Key[] = (out.Items ?? []).map((i) => ({ [PK]: String(i[PK]), [SK]: String(i[SK]) }));
      const items = await batchGet(client, table, keys);
      const order = new Map(keys.map((k, i) => [k[PK], i]));
      const cases = items
        .map(toContentCase)
        .sort((a, b) => (order.get(moderationItemKey(a.itemId)[PK]!) ?? 0) - (order.get(moderationItemKey(b.itemId)[PK]!) ?? 0));
      return { items: cases, nextCursor: encodeCursor(list, out.LastEvaluatedKey as StartKey | undefined) };
    },
  };
}
