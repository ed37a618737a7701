/**
 * The steps of a merge (lambdas/ideas/merge.ts) in DynamoDB: each step is one transaction of at most
 * 100 items that moves a page of X's votes to Y (or takes them back), adjusts Y's tally on the
 * condition that Y's state is the one read, and advances the job on the condition that it is where
 * the step started: a step retried or run twice commits once.
 */
import { QueryCommand, type BatchGetCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isVotingOpen, type MergeJob, type Tally, type Vote } from '../ideas/model';
import * as tally from './entities/idea-tally';
import * as vote from './entities/idea-vote';
import * as mergeJob from './entities/merge-job';
import * as voteBudget from './entities/vote-budget';
import type { TransactItem } from './expressions';

/**
 * Votes read per merge step: one Put each, with the target's tally and the job in the same
 * transaction (at most 100 items); a budgeted vote takes one or two more, and the step stops where
 * the transaction is full.
 */
export const MERGE_STEP_VOTES = 98;
const MAX_TRANSACTION_ITEMS = 100;

/** What a step reads and sends with, shared with the rest of the idea store. */
export interface MergeStepTools {
  batchGet(input: BatchGetCommandInput): Promise<Record<string, unknown>[]>;
  getTally(postId: string): Promise<Tally | undefined>;
  getJob(fromPostId: string): Promise<MergeJob | undefined>;
  tryTransaction(items: TransactItem[]): Promise<boolean[] | null>;
}

export function dynamoMergeSteps(client: DynamoDBDocumentClient, table: string, { batchGet, getTally, getJob, tryTransaction }: MergeStepTools) {
  /**
   * One step of a merge: X's voters after the cursor, moved to Y (or taken back from Y), as many as fit
   * one transaction. Budget units go with the votes: a moved vote takes its unit to Y (handed back if
   * Y has closed meanwhile), a member who votes for both gets X's unit back, and undoing the merge
   * gives each of X's budgeted votes its unit again.
   */
  async function mergeStep(job: MergeJob, at: Date): Promise<MergeJob> {
    const [page, target] = await Promise.all([
      client.send(new QueryCommand(vote.votesQuery(table, job.fromPostId, MERGE_STEP_VOTES, job.cursor))),
      getTally(job.intoPostId),
    ]);
    const items = page.Items ?? [];
    const live = items.filter(vote.isLiveVote).map(vote.toVote);
    const onTarget = new Map(
      (
        await batchGet(
          vote.getVotes(
            table,
            job.intoPostId,
            live.map((v) => v.memberId),
            true,
          ),
        )
      )
        .filter(vote.isLiveVote)
        .map((item) => [item.memberId as string, vote.toVote(item)]),
    );
    const targetOpen = isVotingOpen(target?.ideaStatus);
    const writes: TransactItem[] = [];
    let moved = 0;
    let duplicates = 0;
    let cursor = job.cursor;
    let handled = 0;
    for (const item of items) {
      const v = vote.isLiveVote(item) ? vote.toVote(item) : undefined;
      const step = v ? voteMove(job, v, onTarget.get(v.memberId), targetOpen, at) : { writes: [], moved: 0 };
      // Room for the target's tally and the job.
      if (writes.length + step.writes.length > MAX_TRANSACTION_ITEMS - 2) break;
      writes.push(...step.writes);
      moved += step.moved;
      if (v && step.moved === 0) duplicates += 1;
      cursor = item.memberId as string;
      handled += 1;
    }
    // The target's count, on the condition that its state is the one the budget units were settled for.
    if (target && moved > 0) writes.push(tally.adjustVotes(table, job.intoPostId, job.direction === 'merge' ? moved : -moved, target.ideaStatus));
    else if (target) writes.push(tally.tallyIn(table, job.intoPostId, [target.ideaStatus]));
    const done = handled === items.length && page.LastEvaluatedKey === undefined;
    const next: MergeJob = {
      ...job,
      cursor,
      steps: job.steps + 1,
      moved: job.moved + moved,
      duplicates: job.duplicates + duplicates,
      state: done ? 'done' : 'running',
      finishedAt: done ? at.toISOString() : null,
    };
    writes.push(mergeJob.advanceMergeJob(table, job, next));
    const failed = await tryTransaction(writes);
    if (!failed) return next;
    // A member voted for Y meanwhile, Y moved, or another worker took this step: start from the job as stored.
    return (await getJob(job.fromPostId)) ?? job;
  }

  /** The writes that move one of X's votes (`onTarget`: the member's vote for Y, if any), and whether it moved. */
  function voteMove(job: MergeJob, v: Vote, onTarget: Vote | undefined, targetOpen: boolean, at: Date): { writes: TransactItem[]; moved: number } {
    const writes: TransactItem[] = [];
    if (job.direction === 'merge') {
      // Counted once: a member who votes for both keeps Y's vote and gets X's unit back.
      if (onTarget) {
        if (v.charged) writes.push(vote.setCharged(table, job.fromPostId, v.memberId, false), voteBudget.adjust(table, v.memberId, v.communityId, -1));
        return { writes, moved: 0 };
      }
      writes.push(vote.putVote(table, { ...v, postId: job.intoPostId, movedFrom: job.fromPostId, ...(v.charged ? { charged: targetOpen } : {}) }));
      if (v.charged) writes.push(vote.setCharged(table, job.fromPostId, v.memberId, false));
      if (v.charged && !targetOpen) writes.push(voteBudget.adjust(table, v.memberId, v.communityId, -1));
      return { writes, moved: 1 };
    }
    // Undone: X takes votes again, and each of its budgeted votes holds its unit again (from Y's copy when it still held one).
    const movedHere = onTarget?.movedFrom === job.fromPostId;
    if (movedHere) writes.push(vote.removeVote(table, job.intoPostId, v.memberId, at, onTarget.charged, job.fromPostId));
    if (v.charged === false) {
      writes.push(vote.setCharged(table, job.fromPostId, v.memberId, true));
      if (!(movedHere && onTarget.charged === true)) writes.push(voteBudget.adjust(table, v.memberId, v.communityId, 1));
    }
    return { writes, moved: movedHere ? 1 : 0 };
  }

  return { mergeStep };
}
