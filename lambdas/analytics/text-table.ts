/**
 * Query results as a plain text table for a terminal: one header row of the column names, numbers
 * right-aligned and unquoted, no row-index column (console.table prints `(index)` and would show a
 * count read as a string as `'3'`).
 */

/** A JS value of a result cell: DuckDB's BIGINT arrives as a bigint, DATE and TIMESTAMP as Date. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  return String(value);
}

const isNumeric = (value: unknown): boolean => typeof value === 'bigint' || typeof value === 'number';

/** Renders `rows` (all with the same keys, as a query returns them); "(no rows)" when there are none. */
export function textTable(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)\n';
  const columns = Object.keys(rows[0]!);
  const cells = rows.map((row) => columns.map((c) => cellText(row[c])));
  const rightAligned = columns.map((c) => rows.some((row) => isNumeric(row[c])) && rows.every((row) => row[c] === null || isNumeric(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (rightAligned[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')}\n`;
}
