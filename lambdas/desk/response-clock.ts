/**
 * The response clock: when an item entered at some instant falls due, given a number of hours and,
 * optionally, business hours in a time zone. Local time comes from Intl (the runtime's time zone
 * database), so weekends and daylight-saving changes follow the zone's rules; no offset is ever
 * hard-coded. (Public holidays are not known: they count as working days.)
 */
import type { BusinessHours } from '../api/desk-schemas';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Milliseconds since local midnight. */
  readonly msOfDay: number;
}

function localClock(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
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

/** Business hours span at most this many days ahead of a due time's start (168 h of one-hour shifts on one weekday a week). */
const MAX_DAYS = 7 * 170;

/**
 * When an item entered at `enteredAt` falls due: `hours` later around the clock, or `hours` of
 * business time later when `businessHours` is set. Each working day's shift starts at `start` local
 * time and lasts `hours` (elapsed) hours; time outside the shifts does not count.
 */
export function dueAtOf(enteredAt: Date, hours: number, businessHours: BusinessHours | null): Date {
  if (!businessHours) return new Date(enteredAt.getTime() + hours * 60 * MINUTE);
  const { localOf, instantOf } = localClock(businessHours.timeZone);
  const start = minutesOf(businessHours.start) * MINUTE;
  const shift = businessHours.hours * 60 * MINUTE;
  let t = enteredAt.getTime();
  let need = hours * 60 * MINUTE;
  const first = localOf(t);
  // From the day before: a shift that started yesterday may still run past midnight.
  const firstDay = Date.UTC(first.year, first.month - 1, first.day) - DAY;
  for (let n = 0; n < MAX_DAYS; n++) {
    const day = new Date(firstDay + n * DAY);
    const isoWeekday = ((day.getUTCDay() + 6) % 7) + 1;
    if (!businessHours.days.includes(isoWeekday)) continue;
    const opens = instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), start);
    const closes = opens + shift;
    if (closes <= t) continue;
    const from = Math.max(opens, t);
    if (closes - from >= need) return new Date(from + need);
    need -= closes - from;
    t = closes;
  }
  throw new RangeError(`no due time within ${hours} business hours of ${enteredAt.toISOString()}`);
}
