/** The desk's counts frame: open items from the backlog counters, overdue as GET /v1/desk/stats counts it. */
import { deskCountsFrame } from '../../../lambdas/live/desk-counts';

describe('desk counts frame', () => {
  test('counts as overdue the open items whose due minute has passed, not those due later this hour or in later hours', () => {
    const at = new Date('2026-11-24T10:30:20.000Z');
    const backlog = { total: 4, 'kind:question': 3, 'kind:review': 1 };
    const due = {
      // One item due in a later hour, one earlier today (past), two in this hour.
      dueHours: { '2026-11-24T12': 1, '2026-11-24T09': 1, '2026-11-24T10': 2 },
      // Of this hour's two: one due at 10:29 (passed), one at 10:30 (this minute: not yet overdue).
      dueMinutes: { '2026-11-24T10:29': 1, '2026-11-24T10:30': 1 },
    };

    expect(deskCountsFrame('outdoor', backlog, due, at)).toEqual({
      type: 'desk',
      communityId: 'outdoor',
      counts: { open: 4, overdue: 2, question: 3, review: 1, idea: 0 },
      at: '2026-11-24T10:30:20.000Z',
    });
  });

  test('an empty desk is zero everywhere, and never negative', () => {
    const frame = deskCountsFrame('quiet', { total: 0 }, { dueHours: { '2026-11-24T12': 1 }, dueMinutes: {} }, new Date('2026-11-24T10:00:00.000Z'));
    expect(frame.counts).toEqual({ open: 0, overdue: 0, question: 0, review: 0, idea: 0 });
  });
});
