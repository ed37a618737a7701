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
import { SCHEMA_VERSION, type EventEnvelope, type EventType } from './envelope';

type Item = Readonly<Record<string, unknown>>;

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

const str = (item: Item | undefined, field: string): string | null => (typeof item?.[field] === 'string' ? (item[field] as string) : null);
const strings = (item: Item | undefined, field: string): readonly string[] =>
  Array.isArray(item?.[field]) ? (item[field] as unknown[]).filter((v): v is string => typeof v === 'string') : [];
const num = (item: Item | undefined, field: string): number | null => (typeof item?.[field] === 'number' ? (item[field] as number) : null);

/** The fields of a post that are events' business; the rest (title, body, tags, authorName) stays out. */
const postFacts = (post: Item) => ({
  actorId: str(post, 'authorId'),
  communityId: str(post, 'communityId'),
  postId: str(post, 'postId'),
  productIds: strings(post, 'productIds'),
});

const CONTENT_FIELDS = ['title', 'body', 'productIds', 'tags', 'rating'] as const;

const mapPost: DomainEventMapping = ({ change, oldImage: before, newImage: after }) => {
  if (change === 'INSERT' && after) {
    return {
      type: 'post.created',
      occurredAt: str(after, 'createdAt') ?? undefined,
      ...postFacts(after),
      data: { kind: str(after, 'kind'), rating: num(after, 'rating'), tag_count: strings(after, 'tags').length, idea_status: str(after, 'ideaStatus') },
    };
  }
  if (change !== 'MODIFY' || !before || !after) return undefined;
  // Counter updates (comments, reactions) change neither the version nor the status: no event.
  if (before.status !== 'deleted' && after.status === 'deleted') {
    // Who deleted (author or moderator) is not on the item; actor_id stays unknown rather than wrong.
    return { type: 'post.deleted', occurredAt: str(after, 'deletedAt') ?? undefined, ...postFacts(after), actorId: null, data: { kind: str(after, 'kind') } };
  }
  if (before.ideaStatus !== after.ideaStatus) {
    return {
      type: 'idea.status-changed',
      occurredAt: str(after, 'updatedAt') ?? undefined,
      ...postFacts(after),
      actorId: null,
      data: { from: str(before, 'ideaStatus'), to: str(after, 'ideaStatus') },
    };
  }
  if (before.version !== after.version) {
    const changed = CONTENT_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
    return {
      type: 'post.edited',
      occurredAt: str(after, 'updatedAt') ?? undefined,
      ...postFacts(after),
      data: { kind: str(after, 'kind'), version: num(after, 'version'), rating: num(after, 'rating'), status: str(after, 'status'), changed_fields: changed },
    };
  }
  return undefined;
};

const mapComment: DomainEventMapping = ({ change, oldImage: before, newImage: after }) => {
  if (change === 'INSERT' && after) {
    return {
      type: 'comment.created',
      occurredAt: str(after, 'createdAt') ?? undefined,
      actorId: str(after, 'authorId'),
      communityId: null,
      postId: str(after, 'postId'),
      data: { comment_id: str(after, 'commentId'), depth: num(after, 'depth'), parent_comment_id: str(after, 'parentCommentId') },
    };
  }
  if (change === 'MODIFY' && before && after && before.deleted !== true && after.deleted === true) {
    return {
      type: 'comment.deleted',
      occurredAt: str(after, 'deletedAt') ?? undefined,
      actorId: null,
      communityId: null,
      postId: str(after, 'postId'),
      data: { comment_id: str(after, 'commentId'), depth: num(after, 'depth') },
    };
  }
  return undefined;
};

const mapReaction: DomainEventMapping = ({ change, oldImage: before, newImage: after }) => {
  if (change === 'INSERT' && after) {
    return {
      type: 'reaction.added',
      occurredAt: str(after, 'createdAt') ?? undefined,
      actorId: str(after, 'memberId'),
      communityId: null,
      postId: str(after, 'postId'),
      data: { reaction: str(after, 'reaction') },
    };
  }
  if (change === 'REMOVE' && before) {
    return {
      type: 'reaction.removed',
      actorId: str(before, 'memberId'),
      communityId: null,
      postId: str(before, 'postId'),
      data: { reaction: str(before, 'reaction') },
    };
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
    communityId: null,
    postId: target.postId,
    data: { target: target.kind, comment_id: target.commentId, reason: str(after, 'reasonCode') },
  };
};

/** Audit entries that are decisions; claims, releases and expiries are the queue's own business. */
const mapDecision: DomainEventMapping = ({ change, newImage: after }) => {
  if (change !== 'INSERT' || !after || !isDecision(str(after, 'action') ?? '')) return undefined;
  const target = targetOf(str(after, 'itemId'));
  return {
    type: 'moderation.decided',
    occurredAt: str(after, 'at') ?? undefined,
    actorId: str(after, 'actorId'),
    communityId: null,
    postId: target.postId,
    data: {
      target: target.kind,
      comment_id: target.commentId,
      outcome: str(after, 'action'),
      reason: str(after, 'reasonCode'),
      status_before: str(after, 'statusBefore'),
      status_after: str(after, 'statusAfter'),
      waited_seconds: num(after, 'waitedSeconds'),
    },
  };
};

/** A member's first post in a community creates their membership record there: they joined. */
const mapMembership: DomainEventMapping = ({ change, newImage: after }) =>
  change === 'INSERT' && after
    ? { type: 'member.joined', actorId: str(after, 'memberId'), communityId: str(after, 'communityId'), postId: null, data: {} }
    : undefined;

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
  [ITEM_TYPES.auditEntry]: mapDecision,
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
