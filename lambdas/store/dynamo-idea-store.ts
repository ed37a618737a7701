/**
 * The DynamoDB adapter of ideas: votes, tallies, trend windows, boards, assignments, timelines, the
 * changelog and merge jobs. Sends what the entity modules build and turns condition failures into
 * the domain's outcomes; decides no next state.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Post, Reaction } from '../api/schemas';
import { addDays, TRENDING_DAYS, type MergeJob, type Tally, type Vote } from '../ideas/model';
import type { IdeaStore, StatusChange } from '../ideas/ports';
import { REACTIONS } from '../reactions/model';
import type { StartKey } from './cursor';
import * as assignment from './entities/idea-assignment';
import * as changelog from './entities/changelog-entry';
import * as community from './entities/community';
import { ITEM_TYPES } from './entities/item-types';
import * as settings from './entities/idea-settings';
import * as tally from './entities/idea-tally';
import * as timeline from './entities/idea-timeline';
import * as mergeJob from './entities/merge-job';
import * as post from './entities/post';
import { reactionKey } from './entities/reaction';
import * as trend from './entities/trend-window';
import * as voteBudget from './entities/vote-budget';
import * as settleJob from './entities/vote-settle-job';
import * as vote from './entities/idea-vote';
import type { TransactItem } from './expressions';
import { queryPage } from './query-page';
import { sendTransaction } from './transactions';
import { dynamoMergeSteps } from './dynamo-merge-steps';
import { dynamoVoteSettling } from './dynamo-vote-settle';

const failedConditions = (error: unknown): boolean[] | undefined =>
  error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed') : undefined;

export function dynamoIdeaStore(client: DynamoDBDocumentClient, table: string): IdeaStore {
  /** Every item of a BatchGet (at most 100 keys), asking again for unprocessed keys (bounded). */
  async function batchGet(input: BatchGetCommandInput): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let request = input.RequestItems;
    if (!request || (request[table]?.Keys?.length ?? 0) === 0) return found;
    for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 8; attempt++) {
      const out = await client.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(out.Responses?.[table] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
    return found;
  }

  async function getTally(postId: string): Promise<Tally | undefined> {
    const out = await client.send(new GetCommand({ TableName: table, Key: tally.tallyKey(postId), ConsistentRead: true }));
    return out.Item ? tally.toTally(out.Item) : undefined;
  }

  async function getJob(fromPostId: string): Promise<MergeJob | undefined> {
    const out = await client.send(new GetCommand(mergeJob.getMergeJob(table, fromPostId)));
    return out.Item ? mergeJob.toMergeJob(out.Item) : undefined;
  }

  /** Sends a transaction; which positions failed their condition, or null when it committed. */
  async function tryTransaction(items: TransactItem[]): Promise<boolean[] | null> {
    try {
      await sendTransaction(client, { TransactItems: items });
      return null;
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed?.some(Boolean)) throw error;
      return failed;
    }
  }

  const { mergeStep } = dynamoMergeSteps(client, table, { batchGet, getTally, getJob, tryTransaction });
  const settling = dynamoVoteSettling(client, table, tryTransaction);

  return {
    getTally,
    async tallies(postIds) {
      const items = await batchGet(tally.getTallies(table, postIds));
      return new Map(items.map((item) => [item.postId as string, tally.toTally(item)]));
    },

    async vote(v: Vote, budget) {
      const items: TransactItem[] = [
        vote.putVote(table, budget === null ? v : { ...v, charged: true }),
        tally.countVote(table, v.postId, 1),
        trend.countInWindow(table, v.postId, v.communityId, v.day, 1, 1),
      ];
      if (budget !== null) items.push(voteBudget.spend(table, v.memberId, v.communityId, budget));
      const failed = await tryTransaction(items);
      if (!failed) return 'voted';
      if (failed[0]) return 'already';
      if (failed[1]) return 'closed';
      return 'over-budget';
    },

    async unvote(postId, memberId, at) {
      // Again when the vote's budget unit was settled between the read and the write (the idea reopened meanwhile).
      for (let attempt = 0; attempt < 3; attempt++) {
        const out = await client.send(new GetCommand({ TableName: table, Key: vote.voteKey(postId, memberId), ConsistentRead: true }));
        if (!out.Item || !vote.isLiveVote(out.Item)) return 'not-voted';
        const cast = vote.toVote(out.Item);
        const today = at.toISOString().slice(0, 10);
        const items: TransactItem[] = [
          vote.removeVote(table, postId, memberId, at, cast.charged),
          tally.countVote(table, postId, -1),
          ...trend.withdrawVote(table, cast, today),
        ];
        if (cast.charged) items.push(voteBudget.adjust(table, memberId, cast.communityId, -1));
        const failed = await tryTransaction(items);
        if (!failed) return 'unvoted';
        if (failed[1]) return 'closed';
        if (!failed[0]) throw new Error(`taking back the vote of ${memberId} on ${postId} failed a condition it should not have`);
      }
      return 'not-voted';
    },

    async votedBy(memberId, postIds) {
      if (postIds.length === 0) return new Set();
      const items = await batchGet(vote.getVotesOf(table, postIds, memberId));
      return new Set(items.filter(vote.isLiveVote).map((item) => item.postId as string));
    },

    async reactionsOf(postId, memberId) {
      const items = await batchGet({ RequestItems: { [table]: { Keys: REACTIONS.map((r) => reactionKey(postId, r, memberId)) } } });
      const held = new Set(items.filter((item) => item.removedAt === undefined).map((item) => item.reaction as Reaction));
      return REACTIONS.filter((r) => held.has(r));
    },

    board: (communityId, status, sort, request) =>
      queryPage(
        client,
        tally.boardList(communityId, status, sort),
        request,
        (limit, start?: StartKey) => tally.boardQuery(table, communityId, status, sort, limit, start),
        (item) => ({ postId: (item.pk as string).slice('POST#'.length), voteCount: typeof item.voteCount === 'number' ? item.voteCount : undefined }),
      ),
    trending: (communityId, day, request) =>
      queryPage(
        client,
        trend.trendingList(communityId, day),
        request,
        (limit, start?: StartKey) => trend.trendingQuery(table, communityId, day, limit, start),
        (item) => (item.pk as string).slice('POST#'.length),
      ),
    async posts(postIds) {
      const found = new Map<string, Post>();
      for (const item of await batchGet(post.getPostsByIds(table, postIds))) {
        const p = post.toPost(item);
        found.set(p.postId, p);
      }
      return postIds.map((id) => found.get(id)).filter((p): p is Post => p !== undefined && p.status === 'published');
    },

    async ideaSettings(communityId) {
      const out = await client.send(new GetCommand(settings.getIdeaSettings(table, communityId)));
      return out.Item ? settings.toIdeaSettings(out.Item) : undefined;
    },
    async putIdeaSettings(communityId, s) {
      await client.send(new PutCommand(settings.putIdeaSettings(table, communityId, s)));
    },

    async assignment(postId) {
      const out = await client.send(new GetCommand(assignment.getAssignment(table, postId)));
      return out.Item ? assignment.toAssignment(out.Item) : undefined;
    },
    async assign(a, entry) {
      await sendTransaction(client, { TransactItems: [assignment.putAssignment(table, a), timeline.putTimelineEntry(table, entry)] });
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

    async leaveTrending(postId, day) {
      try {
        await client.send(new UpdateCommand(trend.leaveTrending(table, postId, day)));
      } catch (error) {
        // No votes today: nothing of it is in today's partition.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    timeline: (postId, request) =>
      queryPage(
        client,
        timeline.timelineList(postId),
        request,
        (limit, start) => timeline.timelineQuery(table, postId, limit, start),
        timeline.toTimelineEntry,
      ),
    async changelog(communityId, request) {
      const ids = await queryPage(
        client,
        changelog.changelogList(communityId),
        request,
        (limit, start) => changelog.changelogQuery(table, communityId, limit, start),
        (item) => (item.pk as string).slice('POST#'.length),
      );
      const entries = new Map(
        (await batchGet(changelog.getChangelogEntries(table, ids.items))).map((item) => [item.postId as string, changelog.toChangelogEntry(item)]),
      );
      return {
        items: ids.items.flatMap((id) => {
          const e = entries.get(id);
          return e ? [{ postId: e.postId, shippedAt: e.shippedAt, note: e.note, team: e.team }] : [];
        }),
        nextCursor: ids.nextCursor,
      };
    },
    teamIdeas: (team, status, request) =>
      queryPage(
        client,
        assignment.teamIdeasList(team, status),
        request,
        (limit, start) => assignment.teamIdeasQuery(table, team, status, limit, start),
        (item) => (item.pk as string).slice('POST#'.length),
      ),

    mergeJob: getJob,
    async startMerge(start) {
      const { from, into, job } = start;
      const fromTo = from.after.ideaStatus ?? 'open';
      const items: TransactItem[] = [
        post.replacePost(table, from.before, from.after, job.actorId, {
          role: start.actorRole,
          team: start.actorTeam,
          timelineEntry: timeline.timelineEntryRef(start.entries[0]!),
        }),
        tally.moveTally(table, from.tally, from.before.ideaStatus ?? 'open', fromTo),
        tally.tallyIn(table, into.postId, into.statuses),
        mergeJob.startMergeJob(table, job, start.previousJob),
        ...start.entries.map((e) => timeline.putTimelineEntry(table, e)),
        ...(from.assignment ? [assignment.moveAssignment(table, from.assignment, fromTo)] : []),
      ];
      const failed = await tryTransaction(items);
      if (!failed) return 'started';
      return failed[2] ? 'target-closed' : 'stale';
    },
    mergeStep,
    ...settling,
    async runningMerges(limit) {
      const out = await client.send(new QueryCommand(mergeJob.runningMergesQuery(table, limit)));
      const jobs = await Promise.all((out.Items ?? []).map((item) => getJob((item.pk as string).slice('POST#'.length))));
      return jobs.filter((j): j is MergeJob => j !== undefined && j.state === 'running');
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
