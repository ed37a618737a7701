/**
 * Moderator note about a member: moderators only, on the member's record, never shown to the member.
 *
 *   pk MEMBER#<memberId>   sk NOTE#<noteId>   (ULIDs)
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { MemberNote } from '../../members/ports';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { collectionList, collectionQuery, key, putNew, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';
import { memberPartition } from './member-state';

export const memberNoteKey = (memberId: string, noteId: string): Key => key(memberPartition(memberId), `NOTE#${noteId}`);

export const putMemberNote = (table: string, note: MemberNote): TransactItem =>
  putNew(table, { ...memberNoteKey(note.memberId, note.noteId), type: ITEM_TYPES.memberNote, ...note });

export function toMemberNote(item: StoredItem): MemberNote {
  const read = readItem(item, ITEM_TYPES.memberNote);
  return {
    noteId: read.string('noteId'),
    memberId: read.string('memberId'),
    authorId: read.string('authorId'),
    text: read.string('text'),
    createdAt: read.string('createdAt'),
  };
}

export const notesList = (memberId: string): ListRef => collectionList(`notes#${memberId}`, memberPartition(memberId));
export const notesQuery = (table: string, memberId: string, limit: number, start?: StartKey): QueryCommandInput =>
  collectionQuery(table, notesList(memberId), 'NOTE#', limit, start, true);
