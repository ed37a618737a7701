/** Ideas' domain events: votes, merges and assignments (lambdas/analytics/domain-events.ts lists every mapping). */
import type { DomainEventMapping } from './domain-events';
import type { EventType } from './envelope';
import { str, type Item } from './event-fields';

/**
 * A member's vote: cast (a new item, or one replacing a tombstone) and taken back (the tombstone's
 * `removedAt`). Votes a merge moves (`movedFrom`) or takes back (`movedBack`) are the merge's
 * business, told once by idea.merged / idea.unmerged, so a voter is never counted twice.
 */
export const mapVote: DomainEventMapping = ({ change, oldImage: before, newImage: after }) => {
  const removed = (item: Item | undefined) => item?.removedAt !== undefined;
  const event = (type: EventType, item: Item, occurredAt: string | null) => ({
    type,
    occurredAt: occurredAt ?? undefined,
    actorId: str(item, 'memberId'),
    communityId: str(item, 'communityId'),
    postId: str(item, 'postId'),
    data: {},
  });
  if (after && !removed(after) && (change === 'INSERT' || removed(before)))
    return after.movedFrom === undefined ? event('idea.voted', after, str(after, 'votedAt')) : undefined;
  if (change === 'MODIFY' && after && removed(after) && !removed(before) && after.movedBack !== true)
    return event('idea.unvoted', after, str(after, 'removedAt'));
  return undefined;
};

/** A merge (or its undoing) starts: X's votes are moving to Y (or back). Counts come with the job, once done. */
export const mapMergeJob: DomainEventMapping = ({ newImage: after, oldImage: before }) => {
  if (!after) return undefined;
  if (after.state !== 'running' || (before?.state === 'running' && before.startedAt === after.startedAt)) return undefined;
  return {
    type: after.direction === 'unmerge' ? 'idea.unmerged' : 'idea.merged',
    occurredAt: str(after, 'startedAt') ?? undefined,
    actorId: str(after, 'actorId'),
    communityId: str(after, 'communityId'),
    postId: str(after, 'fromPostId'),
    data: { into_post_id: str(after, 'intoPostId'), actor_role: 'community-manager' },
  };
};

/** An idea assigned (or reassigned) to a team. */
export const mapAssignment: DomainEventMapping = ({ newImage: after, oldImage: before }) => {
  if (!after || (before && before.team === after.team && before.assignedAt === after.assignedAt)) return undefined;
  return {
    type: 'idea.assigned',
    occurredAt: str(after, 'assignedAt') ?? undefined,
    actorId: str(after, 'assignedBy'),
    communityId: str(after, 'communityId'),
    postId: str(after, 'postId'),
    data: {
      team: str(after, 'team'),
      team_before: str(before, 'team'),
      has_tracker_ref: after.trackerRef !== null && after.trackerRef !== undefined,
      actor_role: 'community-manager',
    },
  };
};
