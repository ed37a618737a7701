/**
 * The DynamoDB adapter of one queue item's work without the content (lambdas/domain/ports.ts
 * ModerationQueue): read an item and the community's policy, and commit the queue's part of a plan
 * (the item, its counters, audit entries, a sanction appeal's sanction). The members' sanction appeals
 * use it, so their bundle carries neither the content's transactions nor the queue's lists and stats.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ModerationQueue } from '../domain/ports';
import type { PlanPart } from '../moderation/plan';
import { sendTransaction } from './transactions';
import { getModerationPolicy, toModerationPolicy } from './entities/community';
import * as moderationItem from './entities/moderation-item';
import { addQueueParts, planItems } from './queue-transactions';

/** Which part of a plan a cancelled transaction refused, from its cancellation reasons. */
export function refusedPart(error: unknown, parts: readonly PlanPart[]): PlanPart | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const index = (error.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
  return index < 0 ? undefined : parts[index];
}

export function dynamoModerationQueue(client: DynamoDBDocumentClient, table: string): ModerationQueue {
  return {
    async getQueueItem(itemId) {
      const out = await client.send(new GetCommand(moderationItem.getModerationItem(table, itemId)));
      return out.Item ? moderationItem.toQueueItem(out.Item) : undefined;
    },

    async commit(plan, marker) {
      const content = (['report', 'post', 'comment', 'desk'] as const).filter((part) => plan[part] !== undefined);
      if (content.length > 0 || marker)
        throw new Error(`this adapter commits the queue's part of a plan only, not its ${[...content, ...(marker ? ['create marker'] : [])].join(', ')}`);
      const transaction = planItems();
      addQueueParts(table, plan, transaction);
      try {
        await sendTransaction(client, { TransactItems: transaction.items });
        return { ok: true };
      } catch (error) {
        const failed = refusedPart(error, transaction.parts);
        if (!failed) throw error;
        return { ok: false, failed };
      }
    },

    async getPolicy(communityId) {
      const out = await client.send(new GetCommand(getModerationPolicy(table, communityId)));
      return out.Item ? toModerationPolicy(out.Item) : undefined;
    },
  };
}
