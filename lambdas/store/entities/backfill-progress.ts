/**
 * Backfill progress: where a one-off maintenance job over the whole table stands (its scan's cursor
 * and counts), saved after every page so a stopped run resumes (lambdas/members/member-index-backfill.ts).
 *
 *   pk BACKFILL#<name>   sk PROGRESS
 */
import type { BackfillProgress } from '../../members/member-index-backfill';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, type Key } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const backfillProgressKey = (name: string): Key => key(`BACKFILL#${name}`, 'PROGRESS');

export const putBackfillProgress = (table: string, progress: BackfillProgress) => ({
  TableName: table,
  Item: { ...backfillProgressKey(progress.name), type: ITEM_TYPES.backfillProgress, ...progress },
});

export const getBackfillProgress = (table: string, name: string) => getItem(table, backfillProgressKey(name), true);

export function toBackfillProgress(item: StoredItem): BackfillProgress {
  const read = readItem(item, ITEM_TYPES.backfillProgress);
  return {
    name: read.string('name'),
    cursor: read.nullableString('cursor'),
    pages: read.number('pages'),
    scanned: read.number('scanned'),
    keyed: read.number('keyed'),
    startedAt: read.string('startedAt'),
    updatedAt: read.string('updatedAt'),
    finishedAt: read.nullableString('finishedAt'),
  };
}
