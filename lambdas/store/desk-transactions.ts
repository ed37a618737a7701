/** A desk item's write, the counters it changes and its audit entries, for whatever transaction carries it (a post, a comment, a decision, a desk step). */
import { deskChange, type DeskWrite } from '../desk/desk-item';
import { putDeskAudit } from './entities/desk-audit';
import { putDeskItem } from './entities/desk-item';
import { deskChangeItems } from './entities/desk-stats';
import type { TransactItem } from './expressions';

export const deskWriteItems = (table: string, write: DeskWrite): TransactItem[] => [
  putDeskItem(table, write.next, write.guard),
  ...deskChangeItems(table, write.next.communityId, deskChange(write.previous, write.next)),
  ...(write.audits ?? []).map((entry) => putDeskAudit(table, entry)),
];
