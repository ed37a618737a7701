/**
 * Follows and inboxes in the single table, behind the notifications ports (lambdas/notifications/ports.ts).
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { FollowTarget } from '../notifications/model';
import { withDefaults } from '../notifications/model';
import type { FollowStore, InboxStore } from '../notifications/ports';
import { decodeCursor, encodeCursor } from './cursor';
import {
  followerOf,
  followersList,
  followersQuery,
  followsOfList,
  followsOfQuery,
  getFollow,
  isUnfollowed,
  putFollow,
  putFollowIfUndecided,
  putUnfollow,
  toFollow,
} from './entities/follow';
import {
  addNotificationItems,
  countUnread,
  getCounter,
  getPreferences,
  inboxList,
  inboxQuery,
  markReadItems,
  preferencesBatch,
  putPreferences,
  toNotification,
  toPreferences,
  unreadOf,
  unreadUpToQuery,
} from './entities/notification';
import type { TransactItem } from './expressions';
import { queryPage } from './query-page';
import { sendTransaction } from './transactions';

/** Entries marked read per transaction: two items each, and the counter (DynamoDB takes 100 items). */
const READ_CHUNK = 49;
/** At most this many entries are marked by one "all up to" request; the answer's unread count says what is left. */
const MAX_MARKED_PER_REQUEST = 2000;
const BATCH_GET_KEYS = 100;
/** Items a new entry writes (entry, unread copy, counter), and entries per transaction (DynamoDB takes 100 items). */
const ITEMS_PER_ENTRY = 3;
const ADD_CHUNK = 33;

export function dynamoFollowStore(client: DynamoDBDocumentClient, table: string): FollowStore {
  return {
    async follow(follow) {
      await client.send(new PutCommand(putFollow(table, follow)));
    },
    async followUnlessDecided(follow) {
      try {
        await client.send(new PutCommand(putFollowIfUndecided(table, follow)));
      } catch (error) {
        // Already following, or unfollowed: the member decided; nothing to do.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    async unfollow(memberId, target, at) {
      await client.send(new PutCommand(putUnfollow(table, memberId, target, at)));
    },
    async unfollowed(memberId, target) {
      const { Item } = await client.send(new GetCommand(getFollow(table, memberId, target)));
      return isUnfollowed(Item);
    },
    listFollows: (memberId, page) =>
      queryPage(client, followsOfList(memberId), page, (limit, start) => followsOfQuery(table, memberId, limit, start), toFollow),
    async followers(target: FollowTarget, limit, cursor) {
      const list = followersList(target);
      const out = await client.send(new QueryCommand(followersQuery(table, target, limit, decodeCursor(list, cursor ?? undefined))));
      return { memberIds: (out.Items ?? []).map(followerOf), cursor: encodeCursor(list, out.LastEvaluatedKey) };
    },
  };
}

/** The positions of a cancelled transaction's items whose condition failed. */
const failedPositions = (error: TransactionCanceledException): number[] =>
  (error.CancellationReasons ?? []).flatMap((reason, position) => (reason.Code === 'ConditionalCheckFailed' ? [position] : []));

export function dynamoInboxStore(client: DynamoDBDocumentClient, table: string): InboxStore {
  /** Marks `ids` read in one transaction, dropping what another reader marked first or what expired; answers how many it counted down. */
  async function markChunk(memberId: string, ids: readonly string[], at: string): Promise<number> {
    let pending = ids.map((id) => ({ id, entryStillThere: true }));
    for (let attempt = 0; pending.length > 0 && attempt <= ids.length; attempt++) {
      const items: TransactItem[] = pending.flatMap((p) => markReadItems(table, memberId, p.id, at, p.entryStillThere));
      try {
        await sendTransaction(client, { TransactItems: [...items, countUnread(table, memberId, -pending.length)] });
        return pending.length;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const failed = new Set(failedPositions(error));
        if (failed.size === 0) throw error;
        // Walk the items as they were laid out: the unread copy, then (if still there) the entry.
        let position = 0;
        pending = pending.flatMap((p) => {
          const copyFailed = failed.has(position);
          const entryFailed = p.entryStillThere && failed.has(position + 1);
          position += p.entryStillThere ? 2 : 1;
          if (copyFailed) return [];
          return [{ id: p.id, entryStillThere: p.entryStillThere && !entryFailed }];
        });
      }
    }
    return 0;
  }

  return {
    async add(memberId, entry) {
      try {
        await sendTransaction(client, { TransactItems: addNotificationItems(table, memberId, entry) });
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException && failedPositions(error).includes(0)) return false;
        throw error;
      }
    },
    async addMany(entries) {
      const written: string[] = [];
      for (let i = 0; i < entries.length; i += ADD_CHUNK) {
        let pending = entries.slice(i, i + ADD_CHUNK);
        while (pending.length > 0) {
          try {
            await sendTransaction(client, { TransactItems: pending.flatMap(({ memberId, entry }) => addNotificationItems(table, memberId, entry)) });
            written.push(...pending.map((p) => p.memberId));
            break;
          } catch (error) {
            if (!(error instanceof TransactionCanceledException)) throw error;
            // Entries already written (a redelivery) refuse their put (each member's first item); the others are sent again.
            const refused = new Set(failedPositions(error).map((position) => Math.floor(position / ITEMS_PER_ENTRY)));
            if (refused.size === 0) throw error;
            pending = pending.filter((_, index) => !refused.has(index));
          }
        }
      }
      return written;
    },
    list: (memberId, unreadOnly, page) =>
      queryPage(client, inboxList(memberId, unreadOnly), page, (limit, start) => inboxQuery(table, memberId, unreadOnly, limit, start), toNotification),
    async unreadCount(memberId) {
      const { Item } = await client.send(new GetCommand(getCounter(table, memberId)));
      return unreadOf(Item);
    },
    async markRead(memberId, request, at) {
      if ('ids' in request) {
        let marked = 0;
        const ids = [...new Set(request.ids)];
        for (let i = 0; i < ids.length; i += READ_CHUNK) marked += await markChunk(memberId, ids.slice(i, i + READ_CHUNK), at);
        return marked;
      }
      // Every id sorts by its time first: the last id of upTo's millisecond is its time and "~".
      const lastId = `${Date.parse(request.upTo).toString(36).padStart(9, '0')}~`;
      let marked = 0;
      let seen = 0;
      let start: Record<string, string> | undefined;
      do {
        const out = await client.send(new QueryCommand(unreadUpToQuery(table, memberId, lastId, READ_CHUNK, start)));
        const ids = (out.Items ?? []).map((item) => String(item.notificationId));
        seen += ids.length;
        if (ids.length > 0) marked += await markChunk(memberId, ids, at);
        start = out.LastEvaluatedKey as Record<string, string> | undefined;
      } while (start && seen < MAX_MARKED_PER_REQUEST);
      return marked;
    },
    async preferences(memberId) {
      const { Item } = await client.send(new GetCommand(getPreferences(table, memberId)));
      return withDefaults(toPreferences(Item));
    },
    async preferencesOf(memberIds) {
      const found = new Map<string, ReturnType<typeof withDefaults>>();
      for (let i = 0; i < memberIds.length; i += BATCH_GET_KEYS) {
        let request = preferencesBatch(table, memberIds.slice(i, i + BATCH_GET_KEYS)).RequestItems;
        for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
          const out = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of out.Responses?.[table] ?? [])
            found.set(String(item.memberId ?? String(item.pk).slice('INBOX#'.length)), withDefaults(toPreferences(item)));
          request = out.UnprocessedKeys;
          if (attempt > 8) throw new Error(`preferences of ${Object.keys(request ?? {}).length} members could not be read (throttled)`);
        }
      }
      return new Map(memberIds.map((m) => [m, found.get(m) ?? withDefaults(undefined)]));
    },
    async savePreferences(memberId, preferences) {
      await client.send(new PutCommand(putPreferences(table, memberId, preferences)));
    },
  };
}
