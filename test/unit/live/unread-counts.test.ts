/** What the stream pusher tells a member's sockets when their unread counter changes (lambdas/live/unread-counts.ts). */
import { readMarkFrames } from '../../../lambdas/live/unread-counts';

describe('unread counts after a read mark', () => {
  test('pushes the count a read mark lowered the counter to', () => {
    expect(readMarkFrames([{ memberId: 'alice', before: 5, after: 2 }])).toEqual([{ memberId: 'alice', frame: { type: 'unread-count', unreadCount: 2 } }]);
  });

  test('pushes nothing for a raised count (a new entry: the notifier pushes it with its count) or an unchanged one', () => {
    expect(
      readMarkFrames([
        { memberId: 'alice', before: 2, after: 3 },
        { memberId: 'bob', before: 4, after: 4 },
      ]),
    ).toEqual([]);
  });

  test("of a batch, takes each member's last change only: a later new entry supersedes an earlier read mark, a later read mark an earlier entry", () => {
    const frames = readMarkFrames([
      { memberId: 'alice', before: 3, after: 0 },
      { memberId: 'bob', before: 1, after: 2 },
      { memberId: 'alice', before: 0, after: 1 },
      { memberId: 'bob', before: 2, after: 0 },
      { memberId: 'carol', before: 9, after: 7 },
      { memberId: 'carol', before: 7, after: 4 },
    ]);

    expect(frames).toEqual([
      { memberId: 'bob', frame: { type: 'unread-count', unreadCount: 0 } },
      { memberId: 'carol', frame: { type: 'unread-count', unreadCount: 4 } },
    ]);
  });
});
