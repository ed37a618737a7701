/**
 * Checked reading of stored items. DynamoDB gives back untyped maps; a mapper that casts turns a
 * malformed item into a wrong answer far from its cause, so mappers read through this and a
 * malformed item fails here, naming the item and the attribute. Deliberately tiny (no schema library):
 * every handler bundle carries it.
 */
import type { ItemType } from './entities/item-types';
import { tableDesign } from './table-design';

/** A stored item that does not have the shape its type promises. */
export class MalformedItemError extends Error {
  override readonly name = 'MalformedItemError';
}

export type StoredItem = Readonly<Record<string, unknown>>;

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value);

/** Reads the attributes of one item of an expected type; every getter throws MalformedItemError. */
export interface ItemReader {
  string(name: string): string;
  number(name: string): number;
  boolean(name: string): boolean;
  strings(name: string): string[];
  /** A map attribute (an object, not a list); its entries are the domain's to interpret. */
  map<T extends object>(name: string): T;
  /** `undefined` when absent. */
  optionalString(name: string): string | undefined;
  optionalNumber(name: string): number | undefined;
  optionalMap<T extends object>(name: string): T | undefined;
  /** `null` when absent or null. */
  nullableString(name: string): string | null;
  nullableMap<T extends object>(name: string): T | null;
}

/**
 * A reader for `item`, which must be of `type`. The domain's enums (kinds, statuses) are checked as
 * strings only: their lists live with the API schemas, which the store does not load at run time.
 */
export function readItem(item: StoredItem, type: ItemType): ItemReader {
  const where = () => `${type} item ${String(item[tableDesign.partitionKey])}/${String(item[tableDesign.sortKey])}`;
  const fail = (name: string, wanted: string): never => {
    throw new MalformedItemError(`${where()}: attribute ${name} must be ${wanted}, got ${kindOf(item[name])}`);
  };
  if (item.type !== type) throw new MalformedItemError(`${where()}: expected type ${type}, got ${String(item.type)}`);

  const isMap = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);
  const reader: ItemReader = {
    string: (name) => (typeof item[name] === 'string' ? (item[name] as string) : fail(name, 'a string')),
    number: (name) => (typeof item[name] === 'number' ? (item[name] as number) : fail(name, 'a number')),
    boolean: (name) => (typeof item[name] === 'boolean' ? (item[name] as boolean) : fail(name, 'a boolean')),
    strings: (name) => {
      const value = item[name];
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...(value as string[])] : fail(name, 'a list of strings');
    },
    map: <T extends object>(name: string) => (isMap(item[name]) ? (item[name] as T) : fail(name, 'a map')),
    optionalString: (name) => (item[name] === undefined ? undefined : reader.string(name)),
    optionalNumber: (name) => (item[name] === undefined ? undefined : reader.number(name)),
    optionalMap: <T extends object>(name: string) => (item[name] === undefined ? undefined : reader.map<T>(name)),
    nullableString: (name) => (item[name] === undefined || item[name] === null ? null : reader.string(name)),
    nullableMap: <T extends object>(name: string) => (item[name] === undefined || item[name] === null ? null : reader.map<T>(name)),
  };
  return reader;
}
