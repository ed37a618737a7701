import type { AuditEntry } from '../../../../lambdas/api/moderation-schemas';
import { DECISION_ACTIONS } from '../../../../lambdas/moderation/decisions';
import { auditItem, auditKey, auditOfItemList, auditOfModeratorList, toAuditEntry, toDecision } from '../../../../lambdas/store/entities/audit-entry';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  itemId: 'post-P',
  at: '2026-11-23T10:30:00.000Z',
  actorId: 'mo',
  action: 'claim',
  reasonCode: null,
  note: null,
  statusBefore: 'pending',
  statusAfter: 'pending',
  ...over,
});

const target = { communityId: 'c', postId: 'P' };

describe('audit entry', () => {
  it("lives in its item's collection and in its moderator's log, by time", () => {
    expect(auditKey('post-P', 'A1')).toEqual({ pk: 'MODITEM#post-P', sk: 'AUDIT#A1' });
    expect(auditItem({ entry: entry(), auditId: 'A1', target })).toMatchObject({ moderatorPk: 'MODERATOR#mo', auditSk: '2026-11-23T10:30:00.000Z#A1' });
    expect(auditOfItemList('post-P').partition).toEqual({ attribute: 'pk', value: 'MODITEM#post-P' });
    expect(auditOfModeratorList('mo').partition).toEqual({ attribute: 'moderatorPk', value: 'MODERATOR#mo' });
  });

  it.each(DECISION_ACTIONS)("a %s decision enters the day's decisions with the time it waited", (action) => {
    const item = auditItem({ entry: entry({ action, statusAfter: 'approved' }), auditId: 'A1', waitedSeconds: 90, target });
    expect(item).toMatchObject({ decisionDayPk: 'DECISIONS#2026-11-23', waitedSeconds: 90 });
    expect(toDecision(item)).toEqual({ actorId: 'mo', waitedSeconds: 90 });
  });

  it.each(['claim', 'extend-lease', 'release-lease', 'lease-expired'] as const)('a %s is no decision', (action) => {
    expect(auditItem({ entry: entry({ action }), auditId: 'A1', target })).not.toHaveProperty('decisionDayPk');
  });

  it('maps back to the same entry, and refuses a malformed one', () => {
    const decided = entry({ action: 'reject', reasonCode: 'spam', note: 'ad', statusAfter: 'rejected' });
    expect(toAuditEntry(auditItem({ entry: decided, auditId: 'A1', target }))).toEqual(decided);
    expect(() => toAuditEntry({ ...auditItem({ entry: decided, auditId: 'A1', target }), at: 5 })).toThrow(/attribute at must be a string, got number/);
  });
});
