/**
 * The response clock: when an item entered at some instant falls due, given a number of hours and,
 * optionally, business hours in a time zone. Local time comes from Intl (the runtime's time zone
 * database), so weekends, holidays-free weekdays and daylight-saving changes follow the zone's rules;
 * no offset is ever hard-coded.
 */
import type { BusinessHours } from '../api/desk-schemas';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly isoWeekday: number;
  /** Milliseconds since local midnight. */
  readonly msOfDay: number;
}

function localClock(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const localOf = (t: number): LocalTime => {
    const parts = Object.fromEntries(format.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
    const ms = t - Math.floor(t / 1000) * 1000;
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      isoWeekday: WEEKDAYS[parts.weekday!] ?? 1,
      msOfDay: ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + ms,
    };
  };
  /** The zone's offset at `t`: local wall time read as UTC, less `t`. */
  const offsetAt = (t: number): number => {
    const l = localOf(t);
    return Date.UTC(l.year, l.month - 1, l.day) + l.msOfDay - t;
  };
  /** The instant a local wall time names (a time skipped by a DST change lands just after the gap). */
  const instantOf = (year: number, month: number, day: number, msOfDay: number): number => {
    const wall = Date.UTC(year, month - 1, day) + msOfDay;
    const first = wall - offsetAt(wall);
    return wall - offsetAt(first);
  };
  return { localOf, instantOf };
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When an item entered at `enteredAt` falls due: `hours` later around the clock, or `hours` of
 * business time later when `businessHours` is set (time outside the working hours and days of the
 * zone does not count).
 */
export function dueAtOf(enteredAt: Date, hours: number, businessHours: BusinessHours | null): Date {
  if (!businessHours) return new Date(enteredAt.getTime() + hours * 60 * MINUTE);
  const { localOf, instantOf } = localClock(businessHours.timeZone);
  const start = minutesOf(businessHours.start) * MINUTE;
  const end = minutesOf(businessHours.end) * MINUTE;
  let t = enteredAt.getTime();
  let need = hours * 60 * MINUTE;
  // Each turn ends a working day or skips a day off: bounded by the days `hours` can span.
  for (let turn = 0; turn < 2000; turn++) {
    const local = localOf(t);
    if (businessHours.days.includes(local.isoWeekday) && local.msOfDay < end) {
      if (local.msOfDay < start) {
        t = instantOf(local.year, local.month, local.day, start);
        continue;
      }
      const closing = instantOf(local.year, local.month, local.day, end);
      if (closing - t >= need) return new Date(t + need);
      need -= closing - t;
      t = closing;
      continue;
    }
    const next = new Date(Date.UTC(local.year, local.month - 1, local.day) + DAY);
    t = instantOf(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), start);
  }
  throw new RangeError(`no due time within ${hours} business hours of ${enteredAt.toISOString()}: the business hours leave no working time`);
}
