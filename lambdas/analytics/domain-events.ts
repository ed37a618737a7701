/**
 * Domain events from committed table writes. The mapping is a table keyed by the item's `type`
 * attribute (ITEM_TYPES, lambdas/store/entities/item-types.ts): adding an event for a new entity is
 * one entry in DOMAIN_EVENTS.
 * Items of any other type (rate windows, revisions, product links and summaries) produce nothing.
 *
 * What goes into an event is chosen field by field: ids, enums, counts and ratings. Titles, bodies,
 * tags, names and usernames never leave the table (the lake holds no personal data or free text).
 */
import { isDecision } from '../moderation/decisions';
import { ITEM_TYPES, type ItemType } from '../store/entities/item-types';
import { mapBrandReply, mapDeskItem } from './desk-events';
import { SCHEMA_VERSION, type EventEnvelope, type EventType } from './envelope';
import { num, str, strings, type Item } from './event-fields';
import { mapAssignment, mapMergeJob, mapVote } from './idea-events';

/** One committed write, as the table's stream reports it (no AWS types: the handler converts). */
export interface TableChange {
  /** The stream record's id: the same on every redelivery of the record. */
  readonly eventId: string;
  readonly change: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** When the write committed (the stream's approximate creation time). */
  readonly committedAt: Date;
  readonly oldImage?: Item | undefined;
  readonly newImage?: Item | undefined;
}

/** What a mapping decides; the envelope's bookkeeping fields are added by toDomainEvent. */
export interface DomainEventDraft {
  readonly type: EventType;
  readonly occurredAt?: string | undefined;
  readonly actorId: string | null;
  readonly communityId: string | null;
  readonly postId: string | null;
  readonly productIds?: readonly string[];
  readonly data: Record<string, unknown>;
}

export type DomainEventMapping = (change: TableChange) => DomainEventDraft | undefined;

/**
 * A post's whole state as the lake needs it, on every post event: the latest `version` of a post is
 * the post now (every change bumps it), so reports compute current truth from one event per post.
 */
const postState = (post: Item) => ({
  kind: str(post, 'kind'),
  status: str(post, 'status'),
  rating: num(post, 'rating'),
  idea_status: str(post, 'ideaStatus'),
  version: num(post, 'version'),
});

/** The ids of a post event; the actor is the one who made this version (`changedBy` on the item, null: the system). */
const postFacts = (post: Item, actorId: string | null) => ({
  actorId,
  communityId: str(post, 'communityId'),
  postId: str(post, 'postId'),
  productIds: strings(post, 'productIds'),
});

const CONTENT_FIELDS = ['title', 'body', 'productIds', 'tags', 'rating'] as const;

/**
 * Which event a post's new version is: a status change first (deleted, published, or any other
 * not-visible status), then an idea's move, then an edit of its content.
 */
function postChangeType(before: Item, after: Item): EventType | undefined {
  if (before.status !== after.status) {
    if (after.status === 'deleted') return 'post.deleted';
    return after.status === 'published' ? 'post.published' : 'post.unpublished';
  }
  if (before.ideaStatus !== after.ideaStatus) return 'idea.status-changed';
  const accepted = (post: Item) => str((post.acceptedAnswer ?? undefined) as Item | undefined, 'commentId');
  if (accepted(after) !== null && accepted(after) !== accepted(before)) return 'answer.accepted';
  // Counter updates (comments, reactions) change neither the version nor the status: no event.
  return before.version !== after.version ? 'post.edited' : undefined;
}

const mapPost: DomainEventMapping = ({ change, oldImage: before, newImage: after }) => {
  if (change === 'INSERT' && after) {
    return {
      type: 'post.created',
      occurredAt: str(after, 'createdAt') ?? undefined,
      ...postFacts(after, str(after, 'authorId')),
      data: { ...postState(after), tag_count: strings(after, 'tags').length, reason: reasonOf(after) },
    };
  }
  if (change !== 'MODIFY' || !before || !after) return undefined;
  const type = postChangeType(before, after);
  if (!type) return undefined;
  const changed = CONTENT_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  return {
    type,
    occurredAt: str(after, type === 'post.deleted' ? 'deletedAt' : 'updatedAt') ?? undefined,
    ...postFacts(after, str(after, 'changedBy')),
    data: {
      ...postState(after),
      status_before: str(before, 'status'),
      ...(type === 'idea.status-changed'
        ? {
            from: str(before, 'ideaStatus'),
            to: str(after, 'ideaStatus'),
            // Who moved it, as what: the note itself stays in the table (its timeline entry, named here).
            actor_role: str(after, 'changedByRole'),
            actor_team: str(after, 'changedByTeam'),
            timeline_entry: str(after, 'timelineEntry'),
            merged_into: str(after, 'mergedInto'),
          }
        : {}),
      // The notification inbox tells the answer's author (issue 12); the lake counts accepted answers.
      ...(type === 'answer.accepted'
        ? { comment_id: str(after.acceptedAnswer as Item, 'commentId'), answer_author_id: str(after.acceptedAnswer as Item, 'answerAuthorId') }
        : {}),
      changed_fields: changed,
      reason: reasonOf(after),
    },
  };
};

/** Why content is not published: the reason code only (the rule may name a secret term). */
const reasonOf = (content: Item): string | null => {
  const moderation = content.moderation;
  return typeof moderation === 'object' && moderation !== null ? str(moderation as Item, 'reasonCode') : null;
};

/** The ids of a comment or reaction event: the community and products were carried on the item when it was written. */
const onPost = (item: Item) => ({ communityId: str(item, 'communityId'), postId: str(item, 'postId'), productIds: strings(item, 'productIds') });

/** Comments written before moderation carried no status: they were published. */
const commentStatus = (comment: Item) => str(comment, 'status') ?? 'published';

const mapComment: DomainEventMapping = ({ change, oldImage: before, newImage: after }) => {
  if (change === 'INSERT' && after) {
    return {
      type: 'comment.created',
      occurredAt: str(after, 'createdAt') ?? undefined,
      actorId: str(after, 'authorId'),
      ...onPost(after),
      data: {
        comment_id: str(after, 'commentId'),
        depth: num(after, 'depth'),
        parent_comment_id: str(after, 'parentCommentId'),
        status: commentStatus(after),
        reason: reasonOf(after),
        // Staff comments are the brand's official responses: who answered, by role (null: a member).
        responder_role: str(after, 'responderRole'),
      },
    };
  }
  if (change !== 'MODIFY' || !before || !after) return undefined;
  if (before.deleted !== true && after.deleted === true) {
    return {
      type: 'comment.deleted',
      occurredAt: str(after, 'deletedAt') ?? undefined,
      actorId: str(after, 'deletedBy'),
      ...onPost(after),
      data: { comment_id: str(after, 'commentId'), depth: num(after, 'depth'), status: commentStatus(after) },
    };
  }
  if (commentStatus(before) !== commentStatus(after)) {
    return {
      type: commentStatus(after) === 'published' ? 'comment.published' : 'comment.unpublished',
      occurredAt: str(after, 'changedAt') ?? undefined,
      actorId: str(after, 'changedBy'),
      ...onPost(after),
      data: {
        comment_id: str(after, 'commentId'),
        depth: num(after, 'depth'),
        status: commentStatus(after),
        status_before: commentStatus(before),
        reason: reasonOf(after),
      },
    };
  }
  return undefined;
};

/**
 * A reaction is added (a new item, or one replacing a tombstone) and taken back (the tombstone's
 * `removedAt`, its time); a tombstone expiring by TTL is no event. Reactions deleted outright (before
 * tombstones) are dated by the stream, never before their own add.
 */
const mapReaction: DomainEventMapping = ({ change, oldImage: before, newImage: after, committedAt }) => {
  const removed = (item: Item | undefined) => item?.removedAt !== undefined;
  const event = (type: EventType, item: Item, occurredAt: string | undefined) => ({
    type,
    occurredAt,
    actorId: str(item, 'memberId'),
    ...onPost(item),
    data: { reaction: str(item, 'reaction') },
  });
  if (after && !removed(after) && (change === 'INSERT' || removed(before))) return event('reaction.added', after, str(after, 'createdAt') ?? undefined);
  if (change === 'MODIFY' && after && removed(after) && !removed(before)) return event('reaction.removed', after, str(after, 'removedAt') ?? undefined);
  if (change === 'REMOVE' && before && !removed(before)) {
    const added = str(before, 'createdAt');
    return event('reaction.removed', before, added && Date.parse(added) > committedAt.getTime() ? added : committedAt.toISOString());
  }
  return undefined;
};

const mapCommunity: DomainEventMapping = ({ change, newImage: after }) =>
  change === 'INSERT' && after
    ? {
        type: 'community.created',
        occurredAt: str(after, 'createdAt') ?? undefined,
        actorId: str(after, 'createdBy'),
        communityId: str(after, 'communityId'),
        postId: null,
        data: {},
      }
    : undefined;

/** Moderation queue item ids name their target: post-<postId>, comment-<commentId>, appeal-<postId>. */
const targetOf = (itemId: string | null) => {
  const [kind = null, id = null] = itemId?.split('-') ?? [];
  return { kind, postId: kind === 'post' || kind === 'appeal' ? id : null, commentId: kind === 'comment' ? id : null };
};

/** A member's report: who reported stays out of the lake (reporters are never revealed); the text too. */
const mapReport: DomainEventMapping = ({ change, newImage: after }) => {
  if (change !== 'INSERT' || !after) return undefined;
  const target = targetOf(str(after, 'itemId'));
  return {
    type: 'report.filed',
    occurredAt: str(after, 'at') ?? undefined,
    actorId: null,
    // Entries written before they carried the content's ids name a post in their item id only.
    communityId: str(after, 'communityId'),
    postId: str(after, 'postId') ?? target.postId,
    data: { target: target.kind, comment_id: target.commentId, reason: str(after, 'reasonCode') },
  };
};

/** Audit actions that are not decisions, and their events: the queue's work reaches the lake too. */
const LEASE_EVENTS: Readonly<Record<string, EventType>> = {
  claim: 'moderation.claimed',
  'extend-lease': 'moderation.lease-extended',
  'release-lease': 'moderation.released',
  'lease-expired': 'moderation.lease-expired',
};

/** Audit entries: decisions, claims, extensions, releases and expiries, with the moderator as actor (an expiry's: the holder). */
const mapAudit: DomainEventMapping = ({ change, newImage: after }) => {
  if (change !== 'INSERT' || !after) return undefined;
  const action = str(after, 'action') ?? '';
  const type = isDecision(action) ? 'moderation.decided' : Object.hasOwn(LEASE_EVENTS, action) ? LEASE_EVENTS[action] : undefined;
  if (!type) return undefined;
  const target = targetOf(str(after, 'itemId'));
  const common = { target: target.kind, comment_id: target.commentId, status_before: str(after, 'statusBefore'), status_after: str(after, 'statusAfter') };
  return {
    type,
    occurredAt: str(after, 'at') ?? undefined,
    actorId: str(after, 'actorId'),
    communityId: str(after, 'communityId'),
    postId: str(after, 'postId') ?? target.postId,
    data: isDecision(action) ? { ...common, outcome: action, reason: str(after, 'reasonCode'), waited_seconds: num(after, 'waitedSeconds') } : common,
  };
};

/** A member's first post in a community creates their membership record there: they joined (at `joinedAt`). */
const mapMembership: DomainEventMapping = ({ change, newImage: after }) =>
  change === 'INSERT' && after
    ? {
        type: 'member.joined',
        occurredAt: str(after, 'joinedAt') ?? undefined,
        actorId: str(after, 'memberId'),
        communityId: str(after, 'communityId'),
        postId: null,
        data: {},
      }
    : undefined;

/**
 * A sanction issued, lifted (`appeal_outcome` says whether by an appeal) and its appeal upheld: what
 * the notification inbox tells the member. The moderator is the
 * actor; the sanctioned member is `data.member_id` (a member id, pseudonymised in the lake like
 * `actor_id`). Never the moderators' note.
 */
const mapSanction: DomainEventMapping = ({ change, oldImage: before, newImage: after }) => {
  const facts = (item: Item) => ({
    member_id: str(item, 'memberId'),
    sanction_id: str(item, 'sanctionId'),
    kind: str(item, 'kind'),
    reason: str(item, 'reasonCode'),
    until: str(item, 'until'),
  });
  if (change === 'INSERT' && after) {
    return {
      type: 'member.sanctioned',
      occurredAt: str(after, 'createdAt') ?? undefined,
      actorId: str(after, 'issuedBy'),
      communityId: null,
      postId: null,
      data: facts(after),
    };
  }
  const lifted = (item: Item | undefined) => typeof item?.lifted === 'object' && item.lifted !== null;
  const appealStatus = (item: Item | undefined) => (typeof item?.appeal === 'object' && item.appeal !== null ? str(item.appeal as Item, 'status') : null);
  // An appeal decided in this write: lifted (with the sanction) or upheld.
  const decided = appealStatus(before) === 'open' && appealStatus(after) !== 'open' ? appealStatus(after) : null;
  if (change === 'MODIFY' && after && lifted(after) && !lifted(before)) {
    const by = after.lifted as Item;
    return {
      type: 'member.sanction-lifted',
      occurredAt: str(by, 'at') ?? undefined,
      actorId: str(by, 'by'),
      communityId: null,
      postId: null,
      data: { ...facts(after), appeal_outcome: decided },
    };
  }
  if (change === 'MODIFY' && after && decided === 'upheld') {
    const appeal = after.appeal as Item;
    return {
      type: 'member.appeal-decided',
      occurredAt: str(appeal, 'decidedAt') ?? undefined,
      actorId: str(appeal, 'decidedBy'),
      communityId: null,
      postId: null,
      data: { ...facts(after), appeal_outcome: 'upheld' },
    };
  }
  return undefined;
};

/** Item type → mapping; keyed by the types the store declares, so a mapping for a type no entity writes does not compile. */
export type DomainEventMappings = Readonly<Partial<Record<ItemType, DomainEventMapping>>>;

/** Item `type` → how its committed writes become events. */
export const DOMAIN_EVENTS: DomainEventMappings = {
  [ITEM_TYPES.community]: mapCommunity,
  [ITEM_TYPES.post]: mapPost,
  [ITEM_TYPES.comment]: mapComment,
  [ITEM_TYPES.reaction]: mapReaction,
  [ITEM_TYPES.report]: mapReport,
  [ITEM_TYPES.memberInCommunity]: mapMembership,
  [ITEM_TYPES.auditEntry]: mapAudit,
  [ITEM_TYPES.deskItem]: mapDeskItem,
  [ITEM_TYPES.brandReply]: mapBrandReply,
  [ITEM_TYPES.ideaVote]: mapVote,
  [ITEM_TYPES.mergeJob]: mapMergeJob,
  [ITEM_TYPES.ideaAssignment]: mapAssignment,
  [ITEM_TYPES.sanction]: mapSanction,
};

/** The event a committed write produces, or undefined when the write is none of the lake's business. */
export function toDomainEvent(change: TableChange, receivedAt: Date, mappings: DomainEventMappings = DOMAIN_EVENTS): EventEnvelope | undefined {
  const type = str(change.newImage ?? change.oldImage, 'type');
  // Own keys only: a `type` such as `constructor` must not find Object's prototype.
  const mapping = type !== null && Object.hasOwn(mappings, type) ? mappings[type as ItemType] : undefined;
  const draft = mapping?.(change);
  if (!draft) return undefined;
  const occurredAt = draft.occurredAt && !Number.isNaN(Date.parse(draft.occurredAt)) ? new Date(draft.occurredAt) : change.committedAt;
  return {
    event_id: change.eventId,
    event_type: draft.type,
    schema_version: SCHEMA_VERSION,
    occurred_at: occurredAt.toISOString(),
    received_at: receivedAt.toISOString(),
    actor_id: draft.actorId,
    community_id: draft.communityId,
    post_id: draft.postId,
    product_ids: [...(draft.productIds ?? [])],
    data: draft.data,
  };
}
