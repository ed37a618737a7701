/**
 * Idea timeline: one entry per status change, assignment and merge of an idea, with who acted (role,
 * team), when, and the public note. Entries are only ever added.
 *
 *   pk POST#<postId>   sk TIMELINE#<at>#<entryId>   (oldest first)
 */
import type { GetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ActorRole, IdeaStatus, TimelineEntry } from '../../ideas/model';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { collectionList, collectionQuery, getItem, key, putNew, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

const TIMELINE = 'TIMELINE#';

export const timelineKey = (postId: string, at: string, entryId: string): Key => key(`POST#${postId}`, `${TIMELINE}${at}#${entryId}`);

export const timelineItem = (e: TimelineEntry): Item => ({
  ...timelineKey(e.postId, e.at, e.entryId),
  type: ITEM_TYPES.ideaTimeline,
  ...Object.fromEntries(Object.entries(e).filter(([, value]) => value !== undefined)),
});

export function toTimelineEntry(item: StoredItem): TimelineEntry {
  const read = readItem(item, ITEM_TYPES.ideaTimeline);
  const optional = (name: string) => read.optionalString(name);
  return {
    entryId: read.string('entryId'),
    postId: read.string('postId'),
    at: read.string('at'),
    kind: read.string('kind') as TimelineEntry['kind'],
    actorRole: read.string('actorRole') as ActorRole,
    actorTeam: read.nullableString('actorTeam'),
    actorId: read.string('actorId'),
    from: optional('from') as IdeaStatus | undefined,
    to: optional('to') as IdeaStatus | undefined,
    note: optional('note'),
    team: optional('team'),
    trackerRef: optional('trackerRef'),
    otherPostId: optional('otherPostId'),
  };
}

/** The sort key of an entry: what the post's `timelineEntry` names, so a reader of the stream finds the note. */
export const timelineEntryRef = (e: Pick<TimelineEntry, 'at' | 'entryId'>): string => `${TIMELINE}${e.at}#${e.entryId}`;

/** The entry a ref names (a stream reader's way to the note of a status change). */
export const getTimelineEntry = (table: string, postId: string, ref: string): GetCommandInput => getItem(table, key(`POST#${postId}`, ref));

export const putTimelineEntry = (table: string, e: TimelineEntry): TransactItem => putNew(table, timelineItem(e));

export const timelineList = (postId: string): ListRef => collectionList(`timeline#${postId}`, `POST#${postId}`);

/** An idea's timeline, oldest first. */
export const timelineQuery = (table: string, postId: string, limit: number, start?: StartKey): QueryCommandInput =>
  collectionQuery(table, timelineList(postId), TIMELINE, limit, start, false);
