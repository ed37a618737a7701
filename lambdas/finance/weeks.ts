/** Ledger weeks: ISO weeks, Monday 00:00 UTC to the next Monday, counted from an anchor Monday. */
const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The Monday 00:00 UTC that starts the week of `date`. */
export function mondayOf(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

/** The week (0 = the anchor's) an instant (ms) falls in. */
export const weekIndexOf = (anchor: Date, ms: number): number => Math.floor((ms - anchor.getTime()) / WEEK_MS);

export const weekStart = (anchor: Date, index: number): Date => new Date(anchor.getTime() + index * WEEK_MS);

/** YYYY-MM-DD of a date. */
export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
