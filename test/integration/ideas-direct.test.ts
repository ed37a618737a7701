/**
 * Ideas against DynamoDB Local directly, where HTTP cannot reach: a merge of 10 k voters (finished in
 * bounded steps by the local ideas worker) and trending across days with an injected clock.
 * Local runtime only.
 */
import { storageConfig } from '../../lambdas/config';
import type { Caller } from '../../lambdas/domain/caller';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../lambdas/domain/errors';
import { board, changeIdeaStatus, type IdeasDeps, vote } from '../../lambdas/ideas/ideas';
import { runSettleSteps } from '../../lambdas/ideas/settle';
import { dayOf } from '../../lambdas/ideas/model';
import { carryTrending } from '../../lambdas/ideas/trending';
import { documentClient } from '../../lambdas/store/dynamo-client';
import { dynamoIdeaStore } from '../../lambdas/store/dynamo-idea-store';
import { voteItem } from '../../lambdas/store/entities/idea-vote';
import { adjustVotes, tallyKey } from '../../lambdas/store/entities/idea-tally';
import { voteBudgetKey } from '../../lambdas/store/entities/vote-budget';
import { startSettleJob } from '../../lambdas/store/entities/vote-settle-job';
import { sendTransaction } from '../../lambdas/store/transactions';
import { uniqueId } from './support/api';
import { member, openCommunity } from './support/fixtures';
import { pollUntil } from './support/poll';
import { tableDeps } from './support/table-deps';

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const localIt = local ? it : it.skip;
const who = (memberId: string): Caller => ({ memberId, username: memberId, groups: new Set(['members']) });

function ideasDeps(clock: () => Date): IdeasDeps {
  const base = tableDeps(clock);
  return { posts: base.posts, communities: base.communities, clock, ideas: dynamoIdeaStore(documentClient, storageConfig().tableName) };
}

/** Writes `memberIds`' votes on `postId` straight into the table (25 a batch) and counts them on its tally. */
async function castVotes(postId: string, communityId: string, memberIds: readonly string[]): Promise<void> {
  const table = storageConfig().tableName;
  const batches = [];
  for (let i = 0; i < memberIds.length; i += 25) batches.push(memberIds.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map(async (batch) => {
        let request: Record<string, unknown>[] | undefined = batch.map((memberId) => ({
          PutRequest: { Item: voteItem({ postId, communityId, memberId, votedAt: '2026-11-01T10:00:00.000Z', day: '2026-11-01' }) },
        }));
        while (request && request.length > 0) {
          const out = await documentClient.send(new BatchWriteCommand({ RequestItems: { [table]: request as never } }));
          request = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
        }
      }),
    );
  }
  await sendTransaction(documentClient, { TransactItems: [adjustVotes(table, postId, memberIds.length)] });
}

async function liveVoters(postId: string): Promise<string[]> {
  const voters: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({
        TableName: storageConfig().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :vote)',
        ExpressionAttributeValues: { ':pk': `POST#${postId}`, ':vote': 'VOTE#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) if (item.removedAt === undefined) voters.push(item.memberId as string);
    start = out.LastEvaluatedKey;
  } while (start);
  return voters;
}

localIt(
  'merges 10 k voters in bounded steps, losing and duplicating none (undoing is proven at small scale in ideas.test.ts)',
  async () => {
    const { communityId, manager } = await openCommunity('merge-10k', { postsPerMinute: 600 });
    const author = await member('author');
    const post = async (title: string) =>
      (await author.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title, body: title })).body.postId as string;
    const [x, y] = [await post('Ten thousand want this'), await post('The same, again')];
    const xVoters = Array.from({ length: 10_000 }, (_, i) => `m10k-${String(i).padStart(5, '0')}`);
    const yOnly = Array.from({ length: 500 }, (_, i) => `y10k-${String(i).padStart(5, '0')}`);
    const both = xVoters.slice(0, 1000);
    await castVotes(x, communityId, xVoters);
    await castVotes(y, communityId, [...both, ...yOnly]);

    const started = Date.now();
    const answer = await manager.post(`/v1/posts/${x}/merge`, { targetPostId: y });
    expect(answer.status).toBe(200);
    const job = await pollUntil(
      async () => (await manager.get(`/v1/posts/${x}/merge`)).body,
      (seen) => seen.state === 'done',
      // Minutes on DynamoDB Local when the machine is shared: bounded so a stuck merge fails, never hangs.
      480_000,
    );
    const mergeMs = Date.now() - started;
    console.log(`merge of 10,000 voters (1,000 of them also voters of the target): ${mergeMs} ms, ${job.steps} steps`);
    expect(job).toMatchObject({ state: 'done', moved: 9000, duplicates: 1000 });
    expect((await manager.get(`/v1/posts/${y}`)).body.voteCount).toBe(10_500);
    const onY = await liveVoters(y);
    expect(onY.length).toBe(10_500);
    expect(new Set(onY).size).toBe(10_500);

    // The votes and their moves are some 20 k stream records: wait until the stream's publisher is past
    // them (a comment after them reaches the author's inbox), so that a suite after this one, waiting
    // on its own notices through the same pipeline, does not wait behind them.
    const commenter = await member('commenter');
    expect((await commenter.post(`/v1/posts/${y}/comments`, { body: 'After the merge' })).status).toBe(201);
    const inbox = await pollUntil(
      async () => ((await author.get('/v1/me/notifications?limit=20')).body.items ?? []) as { type: string; target: { postId: string } }[],
      (items) => items.some((n) => n.type === 'comment.on-your-post' && n.target.postId === y),
      300_000,
    );
    expect(inbox).toContainEqual(expect.objectContaining({ type: 'comment.on-your-post', target: expect.objectContaining({ postId: y }) }));
  },
  900_000,
);

localIt(
  'trending counts the votes of the last 7 days: the daily carry starts each day from the day before',
  async () => {
    const { communityId } = await openCommunity('trending', { postsPerMinute: 600 });
    const author = await member('author');
    const post = async (title: string) =>
      (await author.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title, body: title })).body.postId as string;
    const [early, late] = [await post('Voted long ago'), await post('Voted lately')];
    let now = new Date('2031-03-01T12:00:00.000Z');
    const deps = ideasDeps(() => now);
    const day = (n: number) => new Date(Date.parse('2031-03-01T12:00:00.000Z') + n * 86_400_000);
    const trendingIds = async () => (await board(deps, undefined, communityId, { sort: 'trending' }, { limit: 10 })).items.map((i) => [i.postId, i.voteCount]);

    // Day 0: three votes for `early`; day 3: two for `late`.
    for (const m of ['t1', 't2', 't3']) await vote(deps, who(uniqueId(m)), early);
    for (let d = 1; d <= 3; d++) {
      now = day(d);
      await carryTrending(deps);
    }
    for (const m of ['t4', 't5']) await vote(deps, who(uniqueId(m)), late);
    expect(await trendingIds()).toEqual([
      [early, 3],
      [late, 2],
    ]);
    // Day 7: `early`'s day-0 votes have left the 7-day window; a second carry of the day changes nothing.
    for (let d = 4; d <= 7; d++) {
      now = day(d);
      await carryTrending(deps);
    }
    await carryTrending(deps);
    expect(dayOf(now)).toBe('2031-03-08');
    const ranks = (await board(deps, undefined, communityId, { sort: 'trending' }, { limit: 10 })).items.map((i) => i.postId);
    expect(ranks).toEqual([late]);
    // Still counted on top: all-time votes.
    const top = (await board(deps, undefined, communityId, { sort: 'top' }, { limit: 10 })).items.map((i) => [i.postId, i.voteCount]);
    expect(top).toEqual([
      [early, 3],
      [late, 2],
    ]);
    // About 30 table round trips: seconds when DynamoDB Local shares a loaded machine, over jest's 5 s default.
  },
  60_000,
);

/** Members' budget counters for a community (0 when never written). */
async function usedVotes(communityId: string, memberIds: readonly string[]): Promise<number[]> {
  const table = storageConfig().tableName;
  const used = new Map<string, number>();
  for (let i = 0; i < memberIds.length; i += 100) {
    const out = await documentClient.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: memberIds.slice(i, i + 100).map((m) => voteBudgetKey(m, communityId)), ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[table] ?? []) used.set((item.pk as string).slice('MEMBER#'.length), item.openVotes as number);
  }
  return memberIds.map((m) => used.get(m) ?? 0);
}

localIt(
  "hands back the budget units of a closed idea's 200 voters in bounded steps, once, even when the close is processed again twice at once",
  async () => {
    const { communityId, manager } = await openCommunity('settle', { postsPerMinute: 600 });
    expect((await manager.put(`/v1/communities/${communityId}/idea-settings`, { teams: ['supply-chain'], voteBudget: 3 })).status).toBe(200);
    const author = await member('author');
    const postId = (await author.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title: 'Settle me', body: 'Please' })).body.postId as string;
    const deps = ideasDeps(() => new Date());
    const voterIds = Array.from({ length: 200 }, (_, i) => uniqueId(`settle-${i}`));
    for (let i = 0; i < voterIds.length; i += 25) await Promise.all(voterIds.slice(i, i + 25).map((m) => vote(deps, who(m), postId)));
    expect(new Set(await usedVotes(communityId, voterIds))).toEqual(new Set([1]));

    // The request settles the first steps; the rest is the worker's.
    await changeIdeaStatus(deps, { ...who(manager.name), groups: new Set(['community-managers']) }, postId, 'declined', 'Not this year');
    const job = await pollUntil(
      async () => (await deps.ideas.settleJob(postId))!,
      (seen) => seen.state === 'done',
      60_000,
    );
    expect(job).toMatchObject({ direction: 'return', settled: 200 });
    expect(job.steps).toBeGreaterThan(200 / 50);
    expect(new Set(await usedVotes(communityId, voterIds))).toEqual(new Set([0]));

    // The same close processed again, twice at once (a redelivery, a second worker): no unit is handed back twice.
    const again = { ...job, state: 'running' as const, cursor: null, steps: 0, settled: 0, startedAt: new Date().toISOString(), finishedAt: null };
    await sendTransaction(documentClient, { TransactItems: [startSettleJob(storageConfig().tableName, again)] });
    await Promise.all([runSettleSteps(deps, again, 100, 60_000), runSettleSteps(deps, again, 100, 60_000)]);
    expect(await deps.ideas.settleJob(postId)).toMatchObject({ state: 'done', settled: 0 });
    expect(new Set(await usedVotes(communityId, voterIds))).toEqual(new Set([0]));
  },
  120_000,
);

localIt(
  'moves an idea without reading its tally first: an idea with no tally is refused (409) and left as it was; a board reads its community only when empty',
  async () => {
    const { communityId, manager } = await openCommunity('no-tally', { postsPerMinute: 600 });
    const author = await member('author');
    const postId = (await author.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title: 'Older than tallies', body: 'Please' })).body
      .postId as string;
    const deps = ideasDeps(() => new Date());
    const cm = { ...who(manager.name), groups: new Set(['community-managers'] as const) } as Caller;
    // As an idea written before tallies existed.
    await documentClient.send(new DeleteCommand({ TableName: storageConfig().tableName, Key: tallyKey(postId) }));

    await expect(changeIdeaStatus(deps, cm, postId, 'planned', 'Soon')).rejects.toThrow(ConflictError);

    expect((await author.get(`/v1/posts/${postId}`)).body).toMatchObject({ ideaStatus: 'open', version: 1 });
    expect((await author.get(`/v1/posts/${postId}/timeline`)).body.items).toEqual([]);
    await expect(board(deps, undefined, uniqueId('no-such-community'), { sort: 'top' }, { limit: 10 })).rejects.toThrow(NotFoundError);
    expect((await board(deps, undefined, communityId, { sort: 'top', status: 'shipped' }, { limit: 10 })).items).toEqual([]);
  },
  60_000,
);
