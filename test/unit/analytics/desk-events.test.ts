import { deskCountsOf } from '../../../lambdas/analytics/desk-metrics';
import { toDomainEvent, type TableChange } from '../../../lambdas/analytics/domain-events';
import { waitBucketOf } from '../../../lambdas/moderation/stats';

const now = new Date('2026-11-30T12:00:00.000Z');
const change = (over: Partial<TableChange>): TableChange => ({ eventId: 'e1', change: 'INSERT', committedAt: now, ...over });
const item = {
  type: 'desk-item',
  itemId: 'desk-P1',
  communityId: 'c1',
  postId: 'P1',
  kind: 'question',
  status: 'open',
  enteredAt: '2026-11-30T08:00:00.000Z',
  dueAt: '2026-11-30T12:00:00.000Z',
  version: 1,
  response: null,
};
const response = (via: string, met: boolean) => ({
  at: '2026-11-30T09:00:00.000Z',
  by: 'sub-staff',
  role: 'retail-staff',
  via,
  commentId: null,
  reasonCode: via === 'close' ? 'duplicate' : null,
  seconds: 3600,
  met,
});

describe('desk events', () => {
  it('enter the lake when an item enters, with its kind and due time', () => {
    expect(toDomainEvent(change({ newImage: item }), now)).toMatchObject({
      event_type: 'desk.entered',
      community_id: 'c1',
      post_id: 'P1',
      actor_id: null,
      data: { kind: 'question', due_at: '2026-11-30T12:00:00.000Z' },
    });
  });

  it('record the first reaction once: responded or closed, by whom, how long, in which bucket, met or not', () => {
    const responded = { ...item, status: 'responded', version: 2, response: response('official-comment', true) };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: item, newImage: responded }), now)).toMatchObject({
      event_type: 'desk.responded',
      actor_id: 'sub-staff',
      occurred_at: '2026-11-30T09:00:00.000Z',
      data: { via: 'official-comment', responder_role: 'retail-staff', wait_seconds: 3600, wait_bucket: waitBucketOf(3600), met: true },
    });
    const closed = { ...item, status: 'closed', version: 2, response: response('close', false) };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: item, newImage: closed }), now)).toMatchObject({
      event_type: 'desk.closed',
      data: { reason: 'duplicate', met: false },
    });
    // A lease taken or given back is no event.
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: item, newImage: { ...item, version: 2, leaseHolder: 'x' } }), now)).toBeUndefined();
  });

  it('count entered, met and missed for the SLO metrics', () => {
    const events = [
      toDomainEvent(change({ newImage: item }), now),
      toDomainEvent(change({ change: 'MODIFY', oldImage: item, newImage: { ...item, response: response('official-comment', true) } }), now),
      toDomainEvent(change({ change: 'MODIFY', oldImage: item, newImage: { ...item, response: response('close', false) } }), now),
      undefined,
    ];
    expect(deskCountsOf(events)).toEqual({ entered: 1, met: 1, missed: 1 });
  });

  it("carry the responder's role on comment.created, and answer.accepted for the answer's author", () => {
    const comment = { type: 'comment', commentId: 'C1', postId: 'P1', depth: 0, status: 'published', authorId: 'sub-staff', createdAt: now.toISOString() };
    expect(toDomainEvent(change({ newImage: { ...comment, responderRole: 'retail-staff', official: true } }), now)?.data).toMatchObject({
      responder_role: 'retail-staff',
    });
    expect(toDomainEvent(change({ newImage: comment }), now)?.data).toMatchObject({ responder_role: null });
    const post = { type: 'post', postId: 'P1', communityId: 'c1', kind: 'question', status: 'published', version: 1, productIds: [] };
    const accepted = { ...post, version: 2, changedBy: 'sub-author', acceptedAnswer: { commentId: 'C1', answerAuthorId: 'sub-bob', acceptedBy: 'sub-author' } };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: post, newImage: accepted }), now)).toMatchObject({
      event_type: 'answer.accepted',
      actor_id: 'sub-author',
      data: { comment_id: 'C1', answer_author_id: 'sub-bob' },
    });
  });
});
