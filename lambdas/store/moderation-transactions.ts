/**
 * Moderation steps as transactions: a plan (lambdas/moderation/plan.ts) commits its item, report,
 * content change, audit entries and the stats counters they change together, or none of them.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ModerationPlan, PlanPart } from '../moderation/plan';
import { moderateComment } from './entities/comment';
import { countApprovedContribution } from './entities/member-state';
import { addQueueParts, planItems } from './queue-transactions';
import { putReport } from './entities/report';
import type { TransactItem } from './expressions';
import { changePostItems } from './post-transactions';
import { deskWriteItems } from './desk-transactions';

/** Content a decision publishes counts as one more approved contribution of its author (trust levels). */
const approvedItems = (table: string, before: { status: string }, after: { status: string; authorId: string }, at: string): TransactItem[] =>
  before.status !== 'published' && after.status === 'published' ? [countApprovedContribution(table, after.authorId, at)] : [];

/** The transaction for a plan, and which part each of its items belongs to (for cancellation reasons). */
export function moderationTransaction(table: string, plan: ModerationPlan): { input: TransactWriteCommandInput; parts: PlanPart[] } {
  const transaction = planItems();
  addQueueParts(table, plan, transaction);
  if (plan.report) transaction.add('report', [putReport(table, plan.report)]);
  if (plan.post) {
    const { before, after } = plan.post;
    transaction.add('post', [...changePostItems(table, before, after, false, plan.post.changedBy), ...approvedItems(table, before, after, after.updatedAt)]);
  }
  if (plan.comment) {
    const { before, after } = plan.comment;
    transaction.add('comment', [
      ...moderateComment(table, before, after, plan.comment.changedBy, plan.comment.at),
      ...approvedItems(table, before, after, plan.comment.at),
    ]);
  }
  if (plan.desk) transaction.add('desk', deskWriteItems(table, plan.desk));
  return { input: { TransactItems: transaction.items }, parts: transaction.parts };
}
