/** A desk item's write and the counters it changes, for whatever transaction carries it (a post, a comment, a decision, a desk step). */
import { deskChange, type DeskWrite } from '../desk/desk-item';
import { putDeskItem } from './entities/desk-item';
import { deskChangeItems } from './entities/desk-stats';
import type { TransactItem } from './expressions';

export const deskWriteItems = (table: string, write: DeskWrite): TransactItem[] => [
  putDeskItem(table, write.next, write.guard),
  ...deskChangeItems(table, write.next.communityId, deskChange(write.previous, write.next)),
];
