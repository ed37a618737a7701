/**
 * Export job: the member's latest export, one item, so "one at a time" is a condition on it.
 *
 *   pk MEMBER#<memberId>   sk EXPORT
 */
import type { ExportJob } from '../../members/member-data';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, PK, type Key } from '../expressions';
import { ITEM_TYPES } from './item-types';
import { memberPartition } from './member-state';

export const exportJobKey = (memberId: string): Key => key(memberPartition(memberId), 'EXPORT');

/** Starts a job unless one is running that started after `staleBefore` (a running one older than that died). */
export const startExportJob = (table: string, job: ExportJob, staleBefore: string) => ({
  TableName: table,
  Item: { ...exportJobKey(job.memberId), type: ITEM_TYPES.exportJob, ...job },
  ConditionExpression: 'attribute_not_exists(#pk) OR #status <> :running OR requestedAt < :stale',
  ExpressionAttributeNames: { '#pk': PK, '#status': 'status' },
  ExpressionAttributeValues: { ':running': 'running', ':stale': staleBefore },
});

/** Records how the job ended, if it is still the member's latest. */
export const finishExportJob = (table: string, job: ExportJob) => ({
  TableName: table,
  Item: { ...exportJobKey(job.memberId), type: ITEM_TYPES.exportJob, ...job },
  ConditionExpression: 'exportId = :id',
  ExpressionAttributeValues: { ':id': job.exportId },
});

export const getExportJob = (table: string, memberId: string) => getItem(table, exportJobKey(memberId), true);

export function toExportJob(item: StoredItem): ExportJob {
  const read = readItem(item, ITEM_TYPES.exportJob);
  return {
    exportId: read.string('exportId'),
    memberId: read.string('memberId'),
    status: read.string('status') as ExportJob['status'],
    requestedAt: read.string('requestedAt'),
    completedAt: read.nullableString('completedAt'),
    objectKey: read.nullableString('objectKey'),
    itemCount: item.itemCount === null || item.itemCount === undefined ? null : read.number('itemCount'),
  };
}
