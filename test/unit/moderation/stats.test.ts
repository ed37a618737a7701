import type { QueueItem } from '../../../lambdas/moderation/queue';
import { backlogChange, histogramMedian, isEmptyChange, statsFromCounters, waitBucketOf } from '../../../lambdas/moderation/stats';
import { queueItem } from './fixtures';

const NOW = new Date('2026-11-23T12:30:00.000Z');
const item = (over: Partial<QueueItem> = {}): QueueItem => queueItem(NOW.toISOString(), '2026-11-23T13:45:10.000Z', over);

describe('backlog counters', () => {
  it('count a new open item once, by priority, community and due hour and minute', () => {
    expect(backlogChange(null, item())).toEqual({
      counters: { total: 1, 'priority:low': 1, 'community:c': 1 },
      dueHours: { '2026-11-23T13': 1 },
      dueMinutes: { '2026-11-23T13:45': 1 },
    });
  });

  it('move an item between buckets when its priority and due time change, and release it when decided', () => {
    const before = item();
    const reported = item({ priority: 'high', dueAt: '2026-11-23T12:50:00.000Z' });
    expect(backlogChange(before, reported)).toEqual({
      counters: { 'priority:low': -1, 'priority:high': 1 },
      dueHours: { '2026-11-23T13': -1, '2026-11-23T12': 1 },
      dueMinutes: { '2026-11-23T13:45': -1, '2026-11-23T12:50': 1 },
    });
    expect(backlogChange(reported, { ...reported, status: 'escalated', queue: 'senior' }).counters).toEqual({ senior: 1 });
    expect(backlogChange(reported, { ...reported, status: 'approved' }).counters).toEqual({ total: -1, 'priority:high': -1, 'community:c': -1 });
  });

  it('count a sanction appeal without a community in the total and its priority only', () => {
    const appeal = item({ kind: 'sanction-appeal', communityId: null, postId: null, priority: 'medium' });
    expect(backlogChange(null, appeal).counters).toEqual({ total: 1, 'priority:medium': 1 });
    expect(backlogChange(appeal, { ...appeal, status: 'rejected' }).counters).toEqual({ total: -1, 'priority:medium': -1 });
  });

  it('do not change for claims, leases and edits', () => {
    const leased = item({ lease: { holder: 'mo', expiresAt: NOW.toISOString() }, version: 2, excerpt: 'edited' });
    expect(isEmptyChange(backlogChange(item(), leased))).toBe(true);
  });
});

describe('time to decision', () => {
  it('is exact under a minute and within 5 % beyond', () => {
    expect(waitBucketOf(0)).toBe(0);
    expect(waitBucketOf(59.9)).toBe(59);
    expect(waitBucketOf(60)).toBe(60);
    for (const seconds of [61, 100, 3_599, 86_400, 2_592_000]) {
      const bucket = waitBucketOf(seconds);
      expect(bucket).toBeLessThanOrEqual(seconds);
      expect(bucket).toBeGreaterThan(seconds / 1.05 - 1);
      expect(waitBucketOf(bucket)).toBe(bucket);
    }
  });

  it('has a median over the histogram: the middle one, or the middle two averaged, null when empty', () => {
    expect(histogramMedian({ 5: 1, 1: 1, 3: 1 })).toBe(3);
    expect(histogramMedian({ 4: 1, 1: 1, 3: 1, 2: 1 })).toBe(2.5);
    expect(histogramMedian({ 7: 3, 40: 1 })).toBe(7);
    expect(histogramMedian({})).toBeNull();
  });
});

describe('stats from counters', () => {
  it('count past due as everything open less what falls due from this minute on', () => {
    const stats = statsFromCounters(
      {
        backlog: { total: 5, senior: 1, 'priority:high': 2, 'priority:low': 3, 'community:a': 5, 'community:gone': 0 },
        // 12:29 is past (this is 12:30), 12:30 is not yet; 13 and later are ahead; 11 is long past.
        dueHours: { '2026-11-23T11': 1, '2026-11-23T12': 2, '2026-11-23T13': 1, '2026-11-24T00': 1 },
        dueMinutes: { '2026-11-23T12:29': 1, '2026-11-23T12:30': 1 },
        oldestWaiting: { itemId: 'post-x', createdAt: '2026-11-23T12:00:00.000Z' },
        decisionDays: [
          { count: 2, byModerator: { mo: 2 }, waits: { 10: 1, 20: 1 } },
          { count: 1, byModerator: { mo: 1, max: 0 }, waits: { 30: 1 } },
        ],
      },
      NOW,
      7,
    );
    expect(stats).toEqual({
      backlog: { total: 5, byPriority: { high: 2, medium: 0, low: 3 }, byCommunity: { a: 5 }, senior: 1 },
      oldestWaiting: { itemId: 'post-x', createdAt: '2026-11-23T12:00:00.000Z', waitingSeconds: 1800 },
      pastDue: 2,
      decisions: { windowDays: 7, count: 3, medianSecondsToDecision: 20, byModerator: { mo: 3 } },
    });
  });
});
