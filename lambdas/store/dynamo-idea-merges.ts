/**
 * Merging duplicate ideas in DynamoDB (the idea-merges group): a merge (or its undoing) starts in one
 * transaction with both ideas' writes and its job; its steps move the votes (dynamo-merge-steps.ts).
 * Turns condition failures into the domain's outcomes; decides no next state.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MergeJob } from '../ideas/model';
import type { IdeaMerges } from '../ideas/ports';
import type { IdeaStoreTools } from './dynamo-idea-reads';
import { dynamoMergeSteps } from './dynamo-merge-steps';
import * as assignment from './entities/idea-assignment';
import * as tally from './entities/idea-tally';
import * as timeline from './entities/idea-timeline';
import * as mergeJob from './entities/merge-job';
import * as post from './entities/post';
import * as trend from './entities/trend-window';
import type { TransactItem } from './expressions';

export function dynamoIdeaMerges(client: DynamoDBDocumentClient, table: string, tools: IdeaStoreTools): IdeaMerges {
  const { tryTransaction } = tools;

  async function getJob(fromPostId: string): Promise<MergeJob | undefined> {
    const out = await client.send(new GetCommand(mergeJob.getMergeJob(table, fromPostId)));
    return out.Item ? mergeJob.toMergeJob(out.Item) : undefined;
  }

  const { mergeStep } = dynamoMergeSteps(client, table, { ...tools, getJob });

  return {
    async assignment(postId) {
      const out = await client.send(new GetCommand(assignment.getAssignment(table, postId)));
      return out.Item ? assignment.toAssignment(out.Item) : undefined;
    },
    async leaveTrending(postId, day) {
      try {
        await client.send(new UpdateCommand(trend.leaveTrending(table, postId, day)));
      } catch (error) {
        // No votes today: nothing of it is in today's partition.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

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
    async runningMerges(limit) {
      const out = await client.send(new QueryCommand(mergeJob.runningMergesQuery(table, limit)));
      const jobs = await Promise.all((out.Items ?? []).map((item) => getJob((item.pk as string).slice('POST#'.length))));
      return jobs.filter((j): j is MergeJob => j !== undefined && j.state === 'running');
    },
  };
}
