/** The response desk's domain events (lambdas/analytics/domain-events.ts lists every mapping). */
import { waitBucketOf } from '../moderation/stats';
import type { DomainEventMapping } from './domain-events';
import { num, str, type Item } from './event-fields';

/**
 * Desk items: entering the desk, and the first staff reaction (an official comment or an accepted
 * answer: responded; a close: closed), with its wait, its histogram bucket (the same buckets as
 * /v1/desk/stats, so the response-times report computes the same quantiles) and whether it met its due time.
 */
export const mapDeskItem: DomainEventMapping = ({ change, oldImage: before, newImage: after }) => {
  if (!after) return undefined;
  const ids = { communityId: str(after, 'communityId'), postId: str(after, 'postId') };
  const kind = str(after, 'kind');
  if (change === 'INSERT')
    return { type: 'desk.entered', occurredAt: str(after, 'enteredAt') ?? undefined, actorId: null, ...ids, data: { kind, due_at: str(after, 'dueAt') } };
  const response = after.response as Item | null | undefined;
  if (change !== 'MODIFY' || !response || before?.response) return undefined;
  const seconds = num(response, 'seconds');
  return {
    type: str(response, 'via') === 'close' ? 'desk.closed' : 'desk.responded',
    occurredAt: str(response, 'at') ?? undefined,
    actorId: str(response, 'by'),
    ...ids,
    data: {
      kind,
      via: str(response, 'via'),
      responder_role: str(response, 'role'),
      reason: str(response, 'reasonCode'),
      entered_at: str(after, 'enteredAt'),
      due_at: str(after, 'dueAt'),
      wait_seconds: seconds,
      wait_bucket: seconds === null ? null : waitBucketOf(seconds),
      met: response.met === true,
    },
  };
};

/**
 * The brand's reply to a review: posted (first, or again after a withdrawal), edited, withdrawn, by
 * the staff member who did it (pseudonymous in the lake), with their role and team; never its text.
 */
export const mapBrandReply: DomainEventMapping = ({ change, oldImage: before, newImage: after }) => {
  if (!after || (change !== 'INSERT' && change !== 'MODIFY')) return undefined;
  const wasLive = change === 'MODIFY' && before?.withdrawn === false;
  const isLive = after.withdrawn === false;
  // A change that moved no version (erasure de-identifying the editor) is no event.
  if (change === 'MODIFY' && num(before, 'version') === num(after, 'version')) return undefined;
  const type = isLive ? (wasLive ? 'brand-reply.edited' : 'brand-reply.posted') : wasLive ? 'brand-reply.withdrawn' : undefined;
  if (!type) return undefined;
  return {
    type,
    occurredAt: str(after, 'updatedAt') ?? undefined,
    actorId: str(after, 'editedBy'),
    communityId: str(after, 'communityId'),
    postId: str(after, 'postId'),
    data: { version: num(after, 'version'), responder_role: str(after, 'responderRole'), responder_team: str(after, 'responderTeam') },
  };
};
