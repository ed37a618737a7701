/**
 * Opaque page cursors. A cursor carries the list it belongs to and DynamoDB's LastEvaluatedKey;
 * decoding checks both against the list being read, so a cursor cannot be tampered or replayed into
 * another list (another community's feed, another index) — it only ever resumes the list it came from.
 */
import { BadRequestError } from '../domain/errors';
import { keyAttributeTypes } from './table-design';

/** A position in a list: key attributes are strings, except the number sort keys some indexes have. */
export type StartKey = Record<string, string | number>;

/** The list a query reads: its identity and the exact shape of its keys. */
export interface ListRef {
  /** e.g. `feed#outdoor-gear#review` — two lists never share one. */
  readonly id: string;
  /** Attribute names a LastEvaluatedKey of this list has (table key + index key). */
  readonly keyAttributes: readonly string[];
  /** The partition attribute of the index read, and its value for this list. */
  readonly partition: { readonly attribute: string; readonly value: string };
}

const MAX_CURSOR_LENGTH = 2048;

export function encodeCursor(list: ListRef, lastKey: Record<string, unknown> | undefined): string | null {
  if (!lastKey) return null;
  return Buffer.from(JSON.stringify({ v: 1, l: list.id, k: lastKey }), 'utf8').toString('base64url');
}

const invalid = (why: string) =>
  new BadRequestError(`cursor is not valid for this list (${why}); pass back the nextCursor of a previous page unchanged`, [
    { field: 'query.cursor', message: why },
  ]);

export function decodeCursor(list: ListRef, cursor: string | undefined): StartKey | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid('not a cursor this API issued');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor this API issued');
  }
  if (typeof decoded !== 'object' || decoded === null) throw invalid('not a cursor this API issued');
  const { v, l, k } = decoded as { v?: unknown; l?: unknown; k?: unknown };
  if (v !== 1 || typeof l !== 'string' || typeof k !== 'object' || k === null) throw invalid('not a cursor this API issued');
  if (l !== list.id) throw invalid('it was issued for another list');
  const entries = Object.entries(k as Record<string, unknown>);
  const expected = [...list.keyAttributes].sort();
  const names = entries.map(([name]) => name).sort();
  if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) throw invalid('its position has the wrong shape');
  // Each attribute of the type the table gives it: a string, or a number for an index's number sort key.
  const types = keyAttributeTypes();
  const wellFormed = (name: string, value: unknown) =>
    types.get(name) === 'N' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string' && value.length > 0 && value.length <= 512;
  if (entries.some(([name, value]) => !wellFormed(name, value))) throw invalid('its position has the wrong shape');
  const key = Object.fromEntries(entries) as StartKey;
  if (key[list.partition.attribute] !== list.partition.value) throw invalid('it was issued for another list');
  return key;
}
