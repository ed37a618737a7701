import type { BusinessHours } from '../../../lambdas/api/desk-schemas';
import { dueAtOf } from '../../../lambdas/desk/response-clock';

const paris: BusinessHours = { timeZone: 'Europe/Paris', days: [1, 2, 3, 4, 5], start: '09:00', hours: 9 };
const due = (enteredAt: string, hours: number, businessHours: BusinessHours | null = paris) => dueAtOf(new Date(enteredAt), hours, businessHours).toISOString();

describe('the response clock', () => {
  it('runs around the clock without business hours', () => {
    expect(due('2026-11-27T16:00:00.000Z', 4, null)).toBe('2026-11-27T20:00:00.000Z');
  });

  it('counts only working hours within a day (Paris is UTC+1 in November)', () => {
    // Thursday 10:00 Paris + 4 h = 14:00 Paris.
    expect(due('2026-11-26T09:00:00.000Z', 4)).toBe('2026-11-26T13:00:00.000Z');
  });

  it('stops over the weekend: Friday 16:00 plus 4 working hours is Monday 11:00', () => {
    // Friday 27 Nov 16:00 Paris (15:00 UTC): 2 h left on Friday, 2 h on Monday from 09:00.
    expect(due('2026-11-27T15:00:00.000Z', 4)).toBe('2026-11-30T10:00:00.000Z');
  });

  it('starts the clock at opening time for content posted at night or on a Sunday', () => {
    expect(due('2026-11-29T12:00:00.000Z', 4)).toBe('2026-11-30T12:00:00.000Z');
    expect(due('2026-11-26T05:00:00.000Z', 1)).toBe('2026-11-26T09:00:00.000Z');
  });

  it('follows the change to summer time: opening is 09:00 local before (UTC+1) and after (UTC+2) it', () => {
    // Friday 27 March 2026 17:00 Paris (16:00 UTC); clocks go forward on Sunday 29 March.
    // 1 h on Friday, then 2 h on Monday 30 March from 09:00 Paris = 07:00 UTC.
    expect(due('2026-03-27T16:00:00.000Z', 3)).toBe('2026-03-30T09:00:00.000Z');
  });

  it('follows the change back to winter time, in another zone too (New York, first Sunday of November)', () => {
    const newYork: BusinessHours = { timeZone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '09:00', hours: 8 };
    // Friday 30 Oct 2026 16:00 New York (EDT, 20:00 UTC): 1 h Friday, 1 h Monday 2 Nov from 09:00 EST = 14:00 UTC.
    expect(due('2026-10-30T20:00:00.000Z', 2, newYork)).toBe('2026-11-02T15:00:00.000Z');
  });

  it('takes a night shift that runs past midnight', () => {
    const nights: BusinessHours = { timeZone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', hours: 8 };
    // 23:00 + 2 working hours = 01:00 the next day; 07:00 (after the shift) + 1 h = 23:00 that evening.
    expect(due('2026-11-26T23:00:00.000Z', 2, nights)).toBe('2026-11-27T01:00:00.000Z');
    expect(due('2026-11-27T07:00:00.000Z', 1, nights)).toBe('2026-11-27T23:00:00.000Z');
  });
});
