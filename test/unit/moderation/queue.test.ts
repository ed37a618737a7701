import type { Caller } from '../../../lambdas/domain/caller';
import { allowedActions, decided, dueAt, mayDecide, priorityOf, type QueueItem } from '../../../lambdas/moderation/queue';
import { DEFAULT_POLICY } from '../../../lambdas/moderation/screening';
import { queueItem } from './fixtures';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const caller = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const mo = caller('mo', 'moderators');
const sam = caller('sam', 'senior-moderators');
const item = (over: Partial<QueueItem> = {}): QueueItem => queueItem(NOW.toISOString(), NOW.toISOString(), over);
const leasedTo = (holder: string, minutesLeft: number) => ({ holder, expiresAt: new Date(NOW.getTime() + minutesLeft * 60_000).toISOString() });

describe('priority and due time', () => {
  it('is high for severe reasons or reports weighing the threshold, medium for spam-like or several reports, low otherwise', () => {
    const reports = (reportCount: number, reportWeightPercent = reportCount * 100) => ({ reportCount, reportWeightPercent });
    expect(priorityOf({ abuse: 1 }, reports(1), DEFAULT_POLICY)).toBe('high');
    expect(priorityOf({ 'off-topic': 3 }, reports(3), DEFAULT_POLICY)).toBe('high');
    expect(priorityOf({ 'off-topic': 3 }, reports(3, 75), DEFAULT_POLICY)).toBe('medium');
    expect(priorityOf({ spam: 1 }, reports(1), DEFAULT_POLICY)).toBe('medium');
    expect(priorityOf({ 'off-topic': 1 }, reports(1), DEFAULT_POLICY)).toBe('low');
  });

  it("is due after the community's turnaround for its priority", () => {
    expect(dueAt('2026-11-23T12:00:00.000Z', 'high', DEFAULT_POLICY)).toBe('2026-11-23T13:00:00.000Z');
    expect(dueAt('2026-11-23T12:00:00.000Z', 'low', DEFAULT_POLICY)).toBe('2026-11-24T12:00:00.000Z');
  });
});

describe('the actions an item offers', () => {
  it('offers claim on a free item, nothing while another holds it, decisions to the holder', () => {
    expect(allowedActions(item(), mo, NOW)).toEqual(['claim']);
    expect(allowedActions(item({ lease: leasedTo('other', 3) }), mo, NOW)).toEqual([]);
    expect(allowedActions(item({ lease: leasedTo('mo', 3) }), mo, NOW)).toEqual([
      'extend-lease',
      'release-lease',
      'approve',
      'reject',
      'escalate',
      'request-changes',
    ]);
  });

  it('offers claim again once a lease has expired, to anyone', () => {
    expect(allowedActions(item({ lease: leasedTo('other', -1) }), mo, NOW)).toEqual(['claim']);
  });

  it('keeps the senior queue to senior moderators, who cannot escalate further', () => {
    const senior = item({ queue: 'senior', status: 'escalated', lease: leasedTo('sam', 3) });
    expect(allowedActions(senior, mo, NOW)).toEqual([]);
    expect(allowedActions(senior, sam, NOW)).toEqual(['extend-lease', 'release-lease', 'approve', 'reject', 'request-changes']);
  });

  it('does not let a moderator claim or decide the appeal of their own rejection; others may', () => {
    const appeal = item({ kind: 'appeal', itemId: 'appeal-01JD0000000000000000000000', rejectedBy: 'mo' });
    expect(mayDecide(appeal, mo)).toBe(false);
    expect(allowedActions(appeal, mo, NOW)).toEqual([]);
    expect(allowedActions({ ...appeal, lease: leasedTo('mo', 3) }, mo, NOW)).toEqual(['release-lease']);
    expect(mayDecide(appeal, caller('max', 'moderators'))).toBe(true);
    expect(allowedActions(appeal, caller('max', 'moderators'), NOW)).toEqual(['claim']);
  });

  it('offers nothing on a decided item and no request-changes on a comment', () => {
    expect(allowedActions(item({ status: 'approved' }), mo, NOW)).toEqual([]);
    expect(allowedActions(item({ kind: 'comment', lease: leasedTo('mo', 3) }), mo, NOW)).not.toContain('request-changes');
  });
});

describe('decisions', () => {
  it('close the item, drop the lease and bump the version; escalation moves it to the senior queue', () => {
    const record = { action: 'escalate' as const, reasonCode: 'needs-senior-review' as const, note: null, moderatorId: 'mo', decidedAt: NOW.toISOString() };
    const next = decided(item({ lease: leasedTo('mo', 3) }), 'escalate', record);
    expect(next).toMatchObject({ status: 'escalated', queue: 'senior', lease: null, version: 2, lastDecision: record, reasons: { 'needs-senior-review': 1 } });
    expect(decided(item(), 'reject', { ...record, action: 'reject' }).status).toBe('rejected');
  });
});
