/** The sanction notices' rules (issue 15): who hears, what the entry says, and what it never says. */
import { NOTIFICATION_RULES } from '../../../lambdas/notifications/rules';
import type { NotifierEvent } from '../../../lambdas/notifications/ports';

const sanctionEvent = (type: string, data: Record<string, unknown>): NotifierEvent => ({
  eventId: `evt-${type}`,
  type,
  occurredAt: '2026-11-30T10:00:00.000Z',
  actorId: 'moderator-1',
  communityId: null,
  postId: null,
  productIds: [],
  data: { member_id: 'member-1', sanction_id: '01M8PQP0QGD5FZESP0AHW1H07A', reason: 'spam', until: null, ...data },
});

describe('sanction notices', () => {
  const issued = NOTIFICATION_RULES['member.sanctioned'];

  it('goes to the sanctioned member only, never to the moderator who acted, and names neither the moderator nor a note', () => {
    const facts = { event: sanctionEvent('member.sanctioned', { kind: 'warn' }) };
    expect(issued.audience(facts)).toEqual({ members: ['member-1'] });
    expect(issued.fromModeration).toBe(true);
    expect(issued.note).toBeUndefined();
    expect(issued.summary(facts)).not.toContain('moderator-1');
  });

  it('carries the kind, the end and the reason code; a silence says until when and what it restricts', () => {
    const until = '2026-12-03T10:00:00.000Z';
    const facts = { event: sanctionEvent('member.sanctioned', { kind: 'silence', until }) };
    expect(issued.sanction?.(facts)).toEqual({ sanctionId: '01M8PQP0QGD5FZESP0AHW1H07A', kind: 'silence', until });
    expect(issued.reasonCode?.(facts)).toBe('spam');
    expect(issued.summary(facts)).toBe(`You are silenced until ${until} (spam): you may read, but not post, comment, react, vote or report`);
  });

  it('is one entry per sanction and step (issued, lifted, appeal decided), whatever the redelivery', () => {
    const data = { kind: 'suspend' };
    const causes = (['member.sanctioned', 'member.sanction-lifted', 'member.appeal-decided'] as const).map((type) =>
      NOTIFICATION_RULES[type].cause({ event: sanctionEvent(type, { ...data, appeal_outcome: 'upheld' }) }),
    );
    expect(new Set(causes).size).toBe(3);
    expect(NOTIFICATION_RULES['member.sanction-lifted'].cause({ event: { ...sanctionEvent('member.sanction-lifted', data), eventId: 'other' } })).toBe(
      causes[1],
    );
  });

  it('tells an upheld appeal only through member.appeal-decided, and a lifted one as accepted', () => {
    expect(NOTIFICATION_RULES['member.appeal-decided'].applies({ event: sanctionEvent('member.appeal-decided', { appeal_outcome: 'upheld' }) })).toBe(true);
    expect(NOTIFICATION_RULES['member.appeal-decided'].applies({ event: sanctionEvent('member.appeal-decided', { appeal_outcome: 'lifted' }) })).toBe(false);
    const lifted = { event: sanctionEvent('member.sanction-lifted', { kind: 'ban', appeal_outcome: 'lifted' }) };
    expect(NOTIFICATION_RULES['member.sanction-lifted'].summary(lifted)).toBe('Your appeal was accepted: your ban is lifted');
  });
});
