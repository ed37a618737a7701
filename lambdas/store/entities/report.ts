/**
 * Report: one per member and reported item, so a member reports a piece of content once.
 *
 *   pk MODITEM#<itemId>   sk REPORT#<memberId>
 */
import type { ReportWrite } from '../../moderation/plan';
import { key, memberKeys, putNew, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const reportKey = (itemId: string, memberId: string): Key => key(`MODITEM#${itemId}`, `REPORT#${memberId}`);

export const reportItem = (report: ReportWrite): Item => ({
  ...reportKey(report.itemId, report.memberId),
  type: ITEM_TYPES.report,
  ...memberKeys(report.memberId, `REPORT#${report.itemId}`),
  ...report,
});

/** Files a report; refused if the member already reported the item. */
export const putReport = (table: string, report: ReportWrite): TransactItem => putNew(table, reportItem(report));
