/**
 * Vote budget: how many ideas of a community a member votes for, kept while the community sets a
 * budget (lambdas/ideas/model.ts), so the limit holds under concurrency: the vote's transaction
 * spends one unit on the condition that the count is below the budget.
 *
 *   pk MEMBER#<memberId>   sk VOTE-BUDGET#<communityId>
 */
import { key, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const voteBudgetKey = (memberId: string, communityId: string): Key => key(`MEMBER#${memberId}`, `VOTE-BUDGET#${communityId}`);

/** Counts one more vote, only while the member votes for fewer than `budget` ideas. */
export const spend = (table: string, memberId: string, communityId: string, budget: number): TransactItem => ({
  Update: {
    TableName: table,
    Key: voteBudgetKey(memberId, communityId),
    UpdateExpression: 'SET #type = :type ADD openVotes :one',
    ConditionExpression: 'attribute_not_exists(openVotes) OR openVotes < :budget',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': ITEM_TYPES.voteBudget, ':one': 1, ':budget': budget },
  },
});

/**
 * Counts `delta` votes more or fewer, whatever the budget: a vote taken back (-1), a closed idea's vote
 * handed back (-1), a reopened idea's vote held again (+1, even over the budget: the member held it before).
 */
export const adjust = (table: string, memberId: string, communityId: string, delta: number): TransactItem => ({
  Update: {
    TableName: table,
    Key: voteBudgetKey(memberId, communityId),
    UpdateExpression: 'SET #type = :type ADD openVotes :delta',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': ITEM_TYPES.voteBudget, ':delta': delta },
  },
});
