import type { Caller } from '../../../lambdas/domain/caller';
import type { Sanction } from '../../../lambdas/members/ports';
import { allowedActions, DEFAULT_TURNAROUND_MINUTES, mayDecide } from '../../../lambdas/moderation/queue';
import { sanctionAppealItem } from '../../../lambdas/moderation/sanction-appeal';

const NOW = '2026-11-23T12:00:00.000Z';
const caller = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const sanction = (over: Partial<Sanction> = {}): Sanction => ({
  sanctionId: '01JD0000000000000000000000',
  memberId: 'kim',
  kind: 'silence',
  reasonCode: 'harassment',
  note: 'moderators only',
  createdAt: NOW,
  until: '2026-11-30T12:00:00.000Z',
  issuedBy: 'mo',
  sourceItemId: null,
  lifted: null,
  appeal: null,
  ...over,
});

describe('a sanction appeal as a queue item', () => {
  it('names the sanction, the member and their text, no post, and the issuer as the one who may not decide', () => {
    const item = sanctionAppealItem(sanction(), 'It was a joke between friends', null, DEFAULT_TURNAROUND_MINUTES, NOW);

    expect(item).toMatchObject({
      itemId: 'sanction-01JD0000000000000000000000',
      kind: 'sanction-appeal',
      queue: 'standard',
      status: 'pending',
      priority: 'medium',
      communityId: null,
      postId: null,
      authorId: 'kim',
      excerpt: 'It was a joke between friends',
      appealText: 'It was a joke between friends',
      rejectedBy: 'mo',
      reasons: { harassment: 1 },
      sanction: {
        sanctionId: '01JD0000000000000000000000',
        memberId: 'kim',
        kind: 'silence',
        reasonCode: 'harassment',
        until: '2026-11-30T12:00:00.000Z',
        issuedBy: 'mo',
      },
      dueAt: '2026-11-23T16:00:00.000Z',
      version: 1,
    });
    expect(JSON.stringify(item)).not.toContain('moderators only');
  });

  it('is urgent by what the sanction takes away, and a ban appeal is in the senior queue', () => {
    const of = (kind: Sanction['kind']) => sanctionAppealItem(sanction({ kind }), 'please', 'gear', DEFAULT_TURNAROUND_MINUTES, NOW);
    expect(['warn', 'silence', 'suspend', 'ban'].map((k) => of(k as Sanction['kind']).priority)).toEqual(['low', 'medium', 'high', 'high']);
    expect(of('ban')).toMatchObject({ queue: 'senior', status: 'escalated', communityId: 'gear' });
    expect(of('suspend')).toMatchObject({ queue: 'standard', status: 'pending' });
  });

  it('is never claimable nor decidable by the moderator who issued the sanction; a ban appeal by senior moderators only', () => {
    const silence = sanctionAppealItem(sanction(), 'please', null, DEFAULT_TURNAROUND_MINUTES, NOW);
    const ban = sanctionAppealItem(sanction({ kind: 'ban', issuedBy: 'sam' }), 'please', null, DEFAULT_TURNAROUND_MINUTES, NOW);
    const [mo, max, sam, sue] = [
      caller('mo', 'moderators'),
      caller('max', 'moderators'),
      caller('sam', 'senior-moderators'),
      caller('sue', 'senior-moderators'),
    ];

    expect(mayDecide(silence, mo)).toBe(false);
    expect(allowedActions(silence, mo, new Date(NOW))).toEqual([]);
    expect(mayDecide(silence, max)).toBe(true);
    expect(allowedActions(silence, max, new Date(NOW))).toEqual(['claim']);
    expect(mayDecide(ban, max)).toBe(false);
    expect(mayDecide(ban, sam)).toBe(false);
    expect(mayDecide(ban, sue)).toBe(true);
  });
});
