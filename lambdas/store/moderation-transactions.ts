/**
 * Moderation steps as transactions: a plan (lambdas/moderation/plan.ts) commits its item, report,
 * content change, audit entries and the stats counters they change together, or none of them.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ModerationPlan, PlanPart, SanctionWrite } from '../moderation/plan';
import { putAudit } from './entities/audit-entry';
import { moderateComment } from './entities/comment';
import { countApprovedContribution, liftActiveSanction } from './entities/member-state';
import { putModerationItem } from './entities/moderation-item';
import { appealSanction, liftSanction, upholdSanction } from './entities/sanction';
import { backlogChangeItems, decisionSummaryItem } from './entities/queue-stats';
import { isDecision } from '../moderation/decisions';
import { backlogChange } from '../moderation/stats';
import { putReport } from './entities/report';
import type { TransactItem } from './expressions';
import { changePostItems } from './post-transactions';
import { deskWriteItems } from './desk-transactions';

/** Content a decision publishes counts as one more approved contribution of its author (trust levels). */
const approvedItems = (table: string, before: { status: string }, after: { status: string; authorId: string }, at: string): TransactItem[] =>
  before.status !== 'published' && after.status === 'published' ? [countApprovedContribution(table, after.authorId, at)] : [];

/** A sanction appeal's change to its sanction (and, lifted, to the member's active sanctions). */
function sanctionItems(table: string, write: SanctionWrite): TransactItem[] {
  switch (write.op) {
    case 'appeal':
      return [appealSanction(table, write.memberId, write.sanctionId, write.appeal)];
    case 'uphold':
      return [upholdSanction(table, write.memberId, write.sanctionId, write.appeal)];
    case 'lift':
      return [
        liftSanction(table, write.memberId, write.sanctionId, write.lifted, write.appeal),
        ...(write.active ? [liftActiveSanction(table, write.memberId, write.sanctionId)] : []),
      ];
  }
}

/** The transaction for a plan, and which part each of its items belongs to (for cancellation reasons). */
export function moderationTransaction(table: string, plan: ModerationPlan): { input: TransactWriteCommandInput; parts: PlanPart[] } {
  const items: TransactItem[] = [];
  const parts: PlanPart[] = [];
  const add = (part: PlanPart, more: readonly TransactItem[]) => {
    items.push(...more);
    parts.push(...more.map(() => part));
  };
  // The stats counters change with the item, in its transaction: they have no condition of their own.
  if (plan.item)
    add('item', [putModerationItem(table, plan.item.next, plan.item.guard), ...backlogChangeItems(table, backlogChange(plan.item.previous, plan.item.next))]);
  if (plan.report) add('report', [putReport(table, plan.report)]);
  if (plan.post) {
    const { before, after } = plan.post;
    add('post', [...changePostItems(table, before, after, false, plan.post.changedBy), ...approvedItems(table, before, after, after.updatedAt)]);
  }
  if (plan.comment) {
    const { before, after } = plan.comment;
    add('comment', [
      ...moderateComment(table, before, after, plan.comment.changedBy, plan.comment.at),
      ...approvedItems(table, before, after, plan.comment.at),
    ]);
  }
  add(
    'audit',
    (plan.audits ?? []).flatMap((audit) =>
      isDecision(audit.entry.action) ? [putAudit(table, audit), decisionSummaryItem(table, audit)] : [putAudit(table, audit)],
    ),
  );
  if (plan.desk) add('desk', deskWriteItems(table, plan.desk));
  if (plan.sanction) add('sanction', sanctionItems(table, plan.sanction));
  return { input: { TransactItems: items }, parts };
}
