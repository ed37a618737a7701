/** Reading fields of a stream image for the domain-event mappings: a field of the wrong type reads as absent. */
export type Item = Readonly<Record<string, unknown>>;

export const str = (item: Item | undefined, field: string): string | null => (typeof item?.[field] === 'string' ? (item[field] as string) : null);
export const strings = (item: Item | undefined, field: string): readonly string[] =>
  Array.isArray(item?.[field]) ? (item[field] as unknown[]).filter((v): v is string => typeof v === 'string') : [];
export const num = (item: Item | undefined, field: string): number | null => (typeof item?.[field] === 'number' ? (item[field] as number) : null);
