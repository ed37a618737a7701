/**
 * The members' side of ideas in DynamoDB (the ideas group): votes, with their tally, trending window
 * and budget unit in one transaction, and the board's pages. Turns condition failures into the
 * domain's outcomes; decides no next state.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Vote } from '../ideas/model';
import type { IdeaVotes } from '../ideas/ports';
import type { StartKey } from './cursor';
import type { IdeaStoreTools } from './dynamo-idea-reads';
import * as tally from './entities/idea-tally';
import * as vote from './entities/idea-vote';
import * as trend from './entities/trend-window';
import * as voteBudget from './entities/vote-budget';
import type { TransactItem } from './expressions';
import { queryPage } from './query-page';

export function dynamoIdeaVotes(client: DynamoDBDocumentClient, table: string, { tryTransaction }: Pick<IdeaStoreTools, 'tryTransaction'>): IdeaVotes {
  return {
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
  };
}
