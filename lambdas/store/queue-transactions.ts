/**
 * The queue's own part of a moderation plan (lambdas/moderation/plan.ts): the item with the stats
 * counters its transition changes, the audit entries (decisions also into their day's summary), and
 * a sanction appeal's change to its sanction. moderation-transactions.ts adds the content's part;
 * the members' sanction appeals commit this part alone, without the content's modules.
 */
import type { ModerationPlan, PlanPart, SanctionWrite } from '../moderation/plan';
import { isDecision } from '../moderation/decisions';
import { backlogChange } from '../moderation/stats';
import { putAudit } from './entities/audit-entry';
import { liftActiveSanction } from './entities/member-state';
import { putModerationItem } from './entities/moderation-item';
import { backlogChangeItems, decisionSummaryItem } from './entities/queue-stats';
import { appealSanction, liftSanction, upholdSanction } from './entities/sanction';
import type { TransactItem } from './expressions';

/** Collects a transaction's items and which part of the plan each belongs to (for cancellation reasons). */
export interface PlanItems {
  readonly items: TransactItem[];
  readonly parts: PlanPart[];
  add(part: PlanPart, more: readonly TransactItem[]): void;
}

export function planItems(): PlanItems {
  const items: TransactItem[] = [];
  const parts: PlanPart[] = [];
  return {
    items,
    parts,
    add(part, more) {
      items.push(...more);
      parts.push(...more.map(() => part));
    },
  };
}

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

/** Adds the queue's part of `plan`: its item and counters, its audit entries, its sanction's change. */
export function addQueueParts(table: string, plan: ModerationPlan, to: PlanItems): void {
  // The stats counters change with the item, in its transaction: they have no condition of their own.
  if (plan.item)
    to.add('item', [
      putModerationItem(table, plan.item.next, plan.item.guard),
      ...backlogChangeItems(table, backlogChange(plan.item.previous, plan.item.next)),
    ]);
  to.add(
    'audit',
    (plan.audits ?? []).flatMap((audit) =>
      isDecision(audit.entry.action) ? [putAudit(table, audit), decisionSummaryItem(table, audit)] : [putAudit(table, audit)],
    ),
  );
  if (plan.sanction) to.add('sanction', sanctionItems(table, plan.sanction));
}
