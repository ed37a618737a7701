/** The ideas' domain events: votes cast and taken back, merges told once, assignments, and who moved an idea. */
import { toDomainEvent, type TableChange } from '../../../lambdas/analytics/domain-events';

const now = new Date('2026-11-30T10:00:00.000Z');
const change = (over: Partial<TableChange>): TableChange => ({ eventId: 'e-1', change: 'INSERT', committedAt: now, ...over });
const vote = { type: 'idea-vote', postId: 'P1', communityId: 'c1', memberId: 'm1', votedAt: '2026-11-30T09:00:00.000Z', day: '2026-11-30' };

test('a vote cast is idea.voted, taken back idea.unvoted; votes a merge moves or takes back are no member event', () => {
  expect(toDomainEvent(change({ newImage: vote }), now)).toMatchObject({ event_type: 'idea.voted', actor_id: 'm1', post_id: 'P1', community_id: 'c1' });
  const removed = { ...vote, removedAt: '2026-11-30T09:30:00.000Z' };
  expect(toDomainEvent(change({ change: 'MODIFY', oldImage: vote, newImage: removed }), now)).toMatchObject({
    event_type: 'idea.unvoted',
    occurred_at: '2026-11-30T09:30:00.000Z',
  });
  expect(toDomainEvent(change({ change: 'MODIFY', oldImage: removed, newImage: vote }), now)?.event_type).toBe('idea.voted');
  expect(toDomainEvent(change({ newImage: { ...vote, movedFrom: 'P0' } }), now)).toBeUndefined();
  expect(
    toDomainEvent(change({ change: 'MODIFY', oldImage: { ...vote, movedFrom: 'P0' }, newImage: { ...removed, movedFrom: 'P0', movedBack: true } }), now),
  ).toBeUndefined();
});

test('a merge is told once, when it starts, and its undoing once; its steps are not events', () => {
  const job = {
    type: 'idea-merge-job',
    fromPostId: 'X',
    intoPostId: 'Y',
    communityId: 'c1',
    direction: 'merge',
    state: 'running',
    startedAt: '2026-11-30T09:00:00.000Z',
    actorId: 'mgr',
  };
  expect(toDomainEvent(change({ newImage: job }), now)).toMatchObject({
    event_type: 'idea.merged',
    post_id: 'X',
    actor_id: 'mgr',
    data: { into_post_id: 'Y' },
  });
  expect(toDomainEvent(change({ change: 'MODIFY', oldImage: job, newImage: { ...job, steps: 1 } }), now)).toBeUndefined();
  expect(toDomainEvent(change({ change: 'MODIFY', oldImage: job, newImage: { ...job, state: 'done' } }), now)).toBeUndefined();
  const undo = { ...job, direction: 'unmerge', startedAt: '2026-11-30T09:10:00.000Z' };
  expect(toDomainEvent(change({ change: 'MODIFY', oldImage: { ...job, state: 'done' }, newImage: undo }), now)?.event_type).toBe('idea.unmerged');
});

test('an assignment names its team; a status change says who moved it, as what role and team', () => {
  const assignment = {
    type: 'idea-assignment',
    postId: 'P1',
    communityId: 'c1',
    team: 'supply-chain',
    trackerRef: 'SC-1',
    assignedAt: '2026-11-30T09:00:00.000Z',
    assignedBy: 'mgr',
  };
  expect(toDomainEvent(change({ newImage: assignment }), now)).toMatchObject({
    event_type: 'idea.assigned',
    actor_id: 'mgr',
    data: { team: 'supply-chain', has_tracker_ref: true },
  });
  const post = { type: 'post', postId: 'P1', communityId: 'c1', kind: 'idea', status: 'published', ideaStatus: 'open', version: 2, productIds: [] };
  const moved = {
    ...post,
    ideaStatus: 'planned',
    version: 3,
    changedBy: 'p1',
    changedByRole: 'partner',
    changedByTeam: 'supply-chain',
    timelineEntry: 'TIMELINE#x',
  };
  expect(toDomainEvent(change({ change: 'MODIFY', oldImage: post, newImage: moved }), now)).toMatchObject({
    event_type: 'idea.status-changed',
    actor_id: 'p1',
    data: { from: 'open', to: 'planned', actor_role: 'partner', actor_team: 'supply-chain', timeline_entry: 'TIMELINE#x' },
  });
});
