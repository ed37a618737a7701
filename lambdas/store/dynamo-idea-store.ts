/**
 * The DynamoDB adapter of every idea item: the reads and the two functions' writes
 * (dynamo-idea-reads.ts, dynamo-idea-votes.ts, dynamo-idea-workflow.ts, dynamo-idea-merges.ts) with what only the posts
 * group (a post's reactions, status changes) and the ideas worker (settling, the trending carry) use.
 * Sends what the entity modules build and turns condition failures into the domain's outcomes;
 * decides no next state.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Reaction } from '../api/schemas';
import { addDays, TRENDING_DAYS } from '../ideas/model';
import type { IdeaStore, StatusChange } from '../ideas/ports';
import { REACTIONS } from '../reactions/model';
import { dynamoIdeaReads, failedConditions, ideaStoreTools } from './dynamo-idea-reads';
import { dynamoIdeaMerges } from './dynamo-idea-merges';
import { dynamoIdeaVotes } from './dynamo-idea-votes';
import { dynamoIdeaWorkflow } from './dynamo-idea-workflow';
import { dynamoVoteSettling } from './dynamo-vote-settle';
import * as assignment from './entities/idea-assignment';
import * as changelog from './entities/changelog-entry';
import * as community from './entities/community';
import { ITEM_TYPES } from './entities/item-types';
import * as tally from './entities/idea-tally';
import * as timeline from './entities/idea-timeline';
import * as post from './entities/post';
import { reactionKey } from './entities/reaction';
import * as trend from './entities/trend-window';
import * as settleJob from './entities/vote-settle-job';
import type { TransactItem } from './expressions';
import { sendTransaction } from './transactions';

export function dynamoIdeaStore(client: DynamoDBDocumentClient, table: string): IdeaStore {
  const tools = ideaStoreTools(client, table);
  const { batchGet } = tools;

  return {
    ...dynamoIdeaReads(client, table, tools),
    ...dynamoIdeaVotes(client, table, tools),
    ...dynamoIdeaWorkflow(client, table, tools),
    ...dynamoIdeaMerges(client, table, tools),
    ...dynamoVoteSettling(client, table, tools.tryTransaction),

    async reactionsOf(postId, memberId) {
      const items = await batchGet({ RequestItems: { [table]: { Keys: REACTIONS.map((r) => reactionKey(postId, r, memberId)) } } });
      const held = new Set(items.filter((item) => item.removedAt === undefined).map((item) => item.reaction as Reaction));
      return REACTIONS.filter((r) => held.has(r));
    },

    async changeStatus(change: StatusChange) {
      const { before, after, entry } = change;
      const from = before.ideaStatus ?? 'open';
      const to = after.ideaStatus ?? 'open';
      const items: TransactItem[] = [
        post.replacePost(table, before, after, entry.actorId, {
          role: entry.actorRole,
          team: entry.actorTeam,
          timelineEntry: timeline.timelineEntryRef(entry),
        }),
        tally.moveTally(table, after, from, to),
        timeline.putTimelineEntry(table, entry),
        ...(change.assignment ? [assignment.moveAssignment(table, change.assignment, to)] : []),
        ...(change.settle ? [settleJob.startSettleJob(table, change.settle)] : []),
        ...(to === 'shipped'
          ? [
              changelog.putChangelogEntry(table, {
                postId: after.postId,
                communityId: after.communityId,
                shippedAt: entry.at,
                note: change.changelogNote,
                team: change.assignment?.team ?? null,
              }),
            ]
          : from === 'shipped'
            ? [changelog.deleteChangelogEntry(table, after.postId)]
            : []),
      ];
      try {
        await sendTransaction(client, { TransactItems: items });
        return { result: 'updated', post: after };
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed?.some(Boolean)) throw error;
        const old = error instanceof TransactionCanceledException ? error.CancellationReasons?.[0]?.Item : undefined;
        if (old) return { result: 'stale', current: post.toPost(unmarshall(old as Parameters<typeof unmarshall>[0])) };
        // The post was as read, its tally not (the tally's position in the transaction).
        if (!failed[0] && failed[1]) return { result: 'no-tally' };
        const current = await client.send(new GetCommand(post.getPost(table, before.postId, true)));
        return current.Item ? { result: 'stale', current: post.toPost(current.Item) } : { result: 'missing' };
      }
    },

    async *communityIds() {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(new QueryCommand({ ...community.directoryQuery(table, 100), ExclusiveStartKey: start }));
        for (const item of out.Items ?? []) yield item.communityId as string;
        start = out.LastEvaluatedKey;
      } while (start);
    },
    async carryTrending(communityId, day) {
      const yesterday = addDays(day, -1);
      const leaving = addDays(day, -TRENDING_DAYS);
      let carried = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(new QueryCommand({ ...trend.trendingQuery(table, communityId, yesterday, 100), ExclusiveStartKey: start }));
        const postIds = (out.Items ?? []).map((item) => (item.pk as string).slice('POST#'.length));
        const windows = new Map(
          (
            await batchGet(
              trend.getWindows(
                table,
                postIds.flatMap((postId) => [
                  { postId, day: yesterday },
                  { postId, day: leaving },
                ]),
              ),
            )
          )
            .filter((item) => item.type === ITEM_TYPES.trendWindow)
            .map((item) => [`${item.postId as string}#${item.day as string}`, trend.toTrendWindow(item)]),
        );
        for (const postId of postIds) {
          const carry = (windows.get(`${postId}#${yesterday}`)?.trendVotes ?? 0) - (windows.get(`${postId}#${leaving}`)?.dayVotes ?? 0);
          if (carry <= 0) continue;
          try {
            await client.send(new UpdateCommand(trend.carryInto(table, postId, communityId, day, carry)));
            carried += 1;
          } catch (error) {
            // Carried already (a second run of the day's carry).
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return carried;
    },
    async trendingCarried(day) {
      const out = await client.send(new GetCommand({ TableName: table, Key: trend.carriedMarkKey(day) }));
      return out.Item !== undefined;
    },
    async markTrendingCarried(day) {
      await client.send(new PutCommand(trend.putCarriedMark(table, day)));
    },
  };
}
