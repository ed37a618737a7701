import type { BacklogChange } from '../../../../lambdas/moderation/stats';
import {
  backlogChangeItems,
  backlogKey,
  decisionDaysQuery,
  decisionSummaryItem,
  dueDaysQuery,
  toBacklogCounters,
  toDecisionSummary,
  toDueHours,
  toDueMinutes,
} from '../../../../lambdas/store/entities/queue-stats';

const change: BacklogChange = {
  counters: { total: 1, 'priority:high': 1, 'community:gear#1': 1 },
  dueHours: { '2026-11-23T13': 1, '2026-11-23T14': -1, '2026-11-24T00': 1 },
  dueMinutes: { '2026-11-23T13:05': 1, '2026-11-23T13:40': -1 },
};
const added = (update: NonNullable<ReturnType<typeof backlogChangeItems>[number]['Update']>) =>
  Object.fromEntries(
    Object.entries(update.ExpressionAttributeNames ?? {})
      .filter(([alias]) => alias !== '#type')
      .map(([alias, name]) => [name, update.ExpressionAttributeValues?.[`:${alias.slice(1)}`]]),
  );

describe('moderation stats counters', () => {
  it('change each counter item once per transition, with ADD: backlog totals, due days by hour, due hours by minute', () => {
    const updates = backlogChangeItems('t', change).map((i) => i.Update!);
    expect(updates.map((u) => u.Key)).toEqual([
      backlogKey(),
      { pk: 'MODSTATS#DUE', sk: 'DAY#2026-11-23' },
      { pk: 'MODSTATS#DUE', sk: 'DAY#2026-11-24' },
      { pk: 'MODSTATS#DUE', sk: 'HOUR#2026-11-23T13' },
    ]);
    expect(updates.every((u) => u.UpdateExpression?.startsWith('SET #type = :type ADD ') && u.TableName === 't')).toBe(true);
    expect(added(updates[0]!)).toEqual({ 'c#total': 1, 'c#priority:high': 1, 'c#community:gear#1': 1 });
    expect(added(updates[1]!)).toEqual({ 'h#13': 1, 'h#14': -1 });
    expect(added(updates[3]!)).toEqual({ 'm#05': 1, 'm#40': -1 });
    expect(backlogChangeItems('t', { counters: {}, dueHours: {}, dueMinutes: {} })).toEqual([]);
  });

  it('count a decision into its day: the count, its moderator and its wait bucket', () => {
    const entry = {
      itemId: 'post-P',
      at: '2026-11-23T10:00:00.000Z',
      actorId: 'mo',
      action: 'approve' as const,
      reasonCode: null,
      note: null,
      statusBefore: 'pending' as const,
      statusAfter: 'approved' as const,
    };
    const update = decisionSummaryItem('t', { entry, auditId: 'A', waitedSeconds: 3_600, target: { communityId: 'c', postId: 'p' } }).Update!;
    expect(update.Key).toEqual({ pk: 'MODSTATS#DECISIONS', sk: 'DAY#2026-11-23' });
    expect(added(update)).toEqual({ count: 1, 'mod#mo': 1, 'wait#3442': 1 });
  });

  it('read back what they count, refusing a counter that is not a number', () => {
    expect(toBacklogCounters(undefined)).toEqual({});
    expect(toBacklogCounters({ ...backlogKey(), type: 'moderation-stats', 'c#total': 2, 'c#community:a': 0 })).toEqual({ total: 2, 'community:a': 0 });
    expect(() => toBacklogCounters({ ...backlogKey(), type: 'moderation-stats', 'c#total': '2' })).toThrow(/attribute c#total must be a number, got string/);
    expect(toDueHours({ pk: 'MODSTATS#DUE', sk: 'DAY#2026-11-23', type: 'moderation-stats', 'h#13': 2 })).toEqual({ '2026-11-23T13': 2 });
    expect(toDueMinutes({ pk: 'MODSTATS#DUE', sk: 'HOUR#2026-11-23T13', type: 'moderation-stats', 'm#05': 1 }, '2026-11-23T13')).toEqual({
      '2026-11-23T13:05': 1,
    });
    expect(toDecisionSummary({ pk: 'MODSTATS#DECISIONS', sk: 'DAY#2026-11-23', type: 'moderation-stats', count: 2, 'mod#mo': 2, 'wait#12': 2 })).toEqual({
      count: 2,
      byModerator: { mo: 2 },
      waits: { 12: 2 },
    });
  });

  it('read a window of days as one key range', () => {
    expect(dueDaysQuery('t', '2026-11-23', '2026-12-01').ExpressionAttributeValues).toEqual({
      ':pk': 'MODSTATS#DUE',
      ':from': 'DAY#2026-11-23',
      ':to': 'DAY#2026-12-01',
    });
    expect(decisionDaysQuery('t', '2026-11-17', '2026-11-23').ExpressionAttributeValues).toEqual({
      ':pk': 'MODSTATS#DECISIONS',
      ':from': 'DAY#2026-11-17',
      ':to': 'DAY#2026-11-23',
    });
  });
});
