/**
 * Envelopes to one Parquet file, with the schema derived from LAKE_COLUMNS. hyparquet-writer is pure
 * JavaScript (one dependency, no native binary), so it bundles into the archiver Lambda as is.
 */
import { parquetWriteBuffer, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import { LAKE_COLUMNS, type EventEnvelope, type LakeColumn } from './envelope';

const repetition = (column: LakeColumn): 'REQUIRED' | 'OPTIONAL' => (column.required ? 'REQUIRED' : 'OPTIONAL');

const schemaOf = (column: LakeColumn): SchemaElement[] => {
  switch (column.kind) {
    case 'string':
    case 'json':
      // JSON is written as a plain UTF8 string: Athena and DuckDB both read it as a string.
      return [{ name: column.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: repetition(column) }];
    case 'int':
      return [{ name: column.name, type: 'INT32', repetition_type: repetition(column) }];
    case 'timestamp':
      return [{ name: column.name, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: repetition(column) }];
    case 'string-list':
      // The standard three-level LIST, which Athena reads as array<string>.
      return [
        { name: column.name, repetition_type: repetition(column), num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      ];
  }
};

/** The Parquet schema of a lake file. */
export const PARQUET_SCHEMA: SchemaElement[] = [{ name: 'schema', num_children: LAKE_COLUMNS.length }, ...LAKE_COLUMNS.flatMap(schemaOf)];

const columnValue = (column: LakeColumn, event: EventEnvelope): unknown => {
  const value = event[column.name];
  switch (column.kind) {
    case 'timestamp':
      return new Date(value as string);
    case 'json':
      return JSON.stringify(value);
    default:
      return value;
  }
};

/**
 * A row of a lake file as a Parquet reader gives it back: each column's value as stored (timestamps
 * as Date, `data` as its JSON text). Compaction rewrites rows without re-encoding them.
 */
export type LakeRow = { readonly [K in LakeColumn['name']]: unknown };

/** An envelope as the row the archiver writes. */
export const rowOf = (event: EventEnvelope): LakeRow => Object.fromEntries(LAKE_COLUMNS.map((column) => [column.name, columnValue(column, event)])) as LakeRow;

/** One Parquet file (Snappy-compressed, row groups of up to 100 k rows) holding `rows`. */
export function rowsToParquet(rows: readonly LakeRow[], createdBy = 'chorus archiver'): Uint8Array {
  const columnData: ColumnSource[] = LAKE_COLUMNS.map((column) => ({
    name: column.name,
    data: rows.map((row) => row[column.name]),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema: PARQUET_SCHEMA, rowGroupSize: 100_000, createdBy }));
}

/** One Parquet file (Snappy-compressed, one row group up to 100 k rows) holding `events`. */
export const toParquet = (events: readonly EventEnvelope[]): Uint8Array => rowsToParquet(events.map(rowOf));
