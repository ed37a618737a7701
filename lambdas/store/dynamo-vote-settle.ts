/**
 * Settling an idea's budgeted votes (lambdas/ideas/settle.ts) in DynamoDB: one step is one
 * transaction of at most 100 items, each settled vote two of them (its `charged` flip, conditioned on
 * the other value, and its member's budget counter), and the job's advance, conditioned on the job
 * being where the step started. A step that fails a condition wrote nothing; the job as stored says
 * where to go on.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { VoteSettleJob } from '../ideas/model';
import * as vote from './entities/idea-vote';
import * as voteBudget from './entities/vote-budget';
import * as settleJob from './entities/vote-settle-job';
import type { TransactItem } from './expressions';

/** Vote items read per step; a step settles at most (100 - 1) / 2 of them and goes on from the last one it handled. */
export const SETTLE_STEP_READ = 98;
const MAX_ITEMS = 100;

export function dynamoVoteSettling(client: DynamoDBDocumentClient, table: string, tryTransaction: (items: TransactItem[]) => Promise<boolean[] | null>) {
  async function getSettleJob(postId: string): Promise<VoteSettleJob | undefined> {
    const out = await client.send(new GetCommand(settleJob.getSettleJob(table, postId)));
    return out.Item ? settleJob.toSettleJob(out.Item) : undefined;
  }

  async function settleStep(job: VoteSettleJob, at: Date): Promise<VoteSettleJob> {
    const page = await client.send(new QueryCommand(vote.votesQuery(table, job.postId, SETTLE_STEP_READ, job.cursor)));
    const items = page.Items ?? [];
    const from = job.direction === 'return';
    const writes: TransactItem[] = [];
    let cursor = job.cursor;
    let handled = 0;
    for (const item of items) {
      if (vote.isLiveVote(item) && item.charged === from) {
        if (writes.length + 2 > MAX_ITEMS - 1) break;
        const memberId = String(item.memberId);
        writes.push(vote.setCharged(table, job.postId, memberId, !from), voteBudget.adjust(table, memberId, job.communityId, from ? -1 : 1));
      }
      cursor = String(item.memberId);
      handled += 1;
    }
    const done = handled === items.length && page.LastEvaluatedKey === undefined;
    const next: VoteSettleJob = {
      ...job,
      cursor,
      steps: job.steps + 1,
      settled: job.settled + writes.length / 2,
      state: done ? 'done' : 'running',
      finishedAt: done ? at.toISOString() : null,
    };
    writes.push(settleJob.advanceSettleJob(table, job, next));
    if (!(await tryTransaction(writes))) return next;
    // A vote was taken back meanwhile, or another run took this step or replaced the job: go on from the job as stored.
    return (await getSettleJob(job.postId)) ?? { ...job, state: 'done' };
  }

  return {
    settleJob: getSettleJob,
    settleStep,
    async runningSettles(limit: number) {
      const out = await client.send(new QueryCommand(settleJob.runningSettlesQuery(table, limit)));
      const jobs = await Promise.all((out.Items ?? []).map((item) => getSettleJob((item.pk as string).slice('POST#'.length))));
      return jobs.filter((j): j is VoteSettleJob => j !== undefined && j.state === 'running');
    },
  };
}
