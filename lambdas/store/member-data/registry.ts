/**
 * Every kind of data stored about a member, and how to find, export and erase it: the one list the
 * export and the erasure both walk (lambdas/members/member-data.ts). A new item type that belongs to
 * a member (votes, follows, notifications, preferences, live connections) adds one entry here:
 * where its items are (its byMember sort-key prefix, or a prefix of the member's own partition), what
 * the archive shows of one, and the writes that erase one.
 *
 * Erasing one item is one transaction, so a counter moves with its item (a reaction's count, a
 * post's comment count, a product's review summary). The byMember keys go last (a REMOVE in the
 * item's final write): a job delivered again finds only what it has not finished.
 */
import type { Comment, Post } from '../../api/schemas';
import type { ErasureContent } from '../../members/member-data';
import type { StoredItem } from '../attributes';
import { countReactions } from '../entities/post';
import { deIdentifyBrandReply, toBrandReplyRecord } from '../entities/brand-reply';
import { toComment } from '../entities/comment';
import { toPost } from '../entities/post';
import { SANCTION_APPEAL_MEMBER_PREFIX, toSanction } from '../entities/sanction';
import { toFollow } from '../entities/follow';
import { countUnread, toNotification, toPreferences } from '../entities/notification';
import { eraseVote, isLiveVote, toVote } from '../entities/idea-vote';
import { adjustVotes } from '../entities/idea-tally';
import { withdrawVote } from '../entities/trend-window';
import { rateWindowsPartition } from '../entities/rate-window';
import { createMarkersPartition } from '../entities/create-marker';

const followsPartition = (memberId: string) => `FOLLOWS#${memberId}`;
const inboxPartition = (memberId: string) => `INBOX#${memberId}`;
import { indexes, PK, SK, type Key, type TransactItem } from '../expressions';
import { changePostItems } from '../post-transactions';
import { countComments } from '../entities/post';

/** What erased content shows as its author. */
export const FORMER_MEMBER = { authorId: 'former-member', authorName: 'former member' } as const;

export interface ErasureContext {
  readonly memberId: string;
  readonly content: ErasureContent;
  readonly at: string;
}

export interface MemberDataKind {
  /** The archive's and the audit's name for the kind. */
  readonly kind: string;
  /**
   * byMember (or byVoter, the votes' own keys-only index): the index partition MEMBER#<id>, sort keys
   * starting with `prefix`; partition: the member's own partition MEMBER#<id> (or `partition`), sort
   * keys starting with `prefix` (empty: the whole partition).
   */
  readonly where: {
    readonly in: 'byMember' | 'byVoter' | 'partition';
    readonly prefix: string;
    /** partition only: another partition of the member's than MEMBER#<id> (their follows, their inbox). */
    readonly partition?: (memberId: string) => string;
  };
  /** What the archive shows of one item; undefined: the kind is erased but not exported (moderators' notes, bookkeeping). */
  readonly exportItem?: (item: StoredItem) => unknown;
  /** The transactions that erase one item, in order (usually one). */
  readonly eraseItem: (table: string, item: StoredItem, erasure: ErasureContext) => TransactItem[][];
}

const keyOf = (item: StoredItem): Key => ({ [PK]: String(item[PK]), [SK]: String(item[SK]) });
const remove = (table: string, item: StoredItem): TransactItem[][] => [[{ Delete: { TableName: table, Key: keyOf(item) } }]];
const MEMBER_KEYS = ['#memberPk', '#memberSk'];
const memberKeyNames = { '#memberPk': indexes.byMember.partitionKey, '#memberSk': indexes.byMember.sortKey };

/** Author fields replaced, the member's ids in `changedBy`/`deletedBy` removed, the byMember keys removed (and any of `extraRemove`). */
function deIdentify(table: string, item: StoredItem, erasure: ErasureContext, set: Record<string, unknown>, extraRemove: readonly string[] = []): TransactItem {
  const names: Record<string, string> = { ...memberKeyNames };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  Object.entries({ ...FORMER_MEMBER, ...set }).forEach(([attribute, value], i) => {
    names[`#s${i}`] = attribute;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  const removes = [...MEMBER_KEYS];
  for (const [i, attribute] of [...extraRemove, ...['changedBy', 'deletedBy'].filter((a) => item[a] === erasure.memberId)].entries()) {
    names[`#r${i}`] = attribute;
    removes.push(`#r${i}`);
  }
  return {
    Update: {
      TableName: table,
      Key: keyOf(item),
      UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: { ...names, '#pk': PK },
      ExpressionAttributeValues: values,
    },
  };
}

const posts: MemberDataKind = {
  kind: 'posts',
  where: { in: 'byMember', prefix: 'POST#' },
  exportItem: (item) => {
    const { authorName: _name, ...post } = toPost(item);
    return post;
  },
  eraseItem: (table, item, erasure) => {
    const post = toPost(item);
    // The byAuthor feed key goes with the author (the post may stay in the community's feeds).
    const feedKey = [indexes.byAuthor.partitionKey];
    if (erasure.content === 'de-identify' || post.status === 'deleted') {
      const blank = erasure.content === 'delete' ? { title: '', body: '', tags: [] } : {};
      return [[deIdentify(table, item, erasure, blank, feedKey)]];
    }
    // Deleted as the author would delete it (feeds, product links, review summaries follow), then de-identified.
    const tombstone: Post = {
      ...post,
      title: '',
      body: '',
      tags: [],
      status: 'deleted',
      deletedAt: erasure.at,
      updatedAt: erasure.at,
      version: post.version + 1,
    };
    return [changePostItems(table, post, tombstone, false, null), [deIdentify(table, item, erasure, {}, feedKey)]];
  },
};

const revisions: MemberDataKind = {
  kind: 'post-revisions',
  where: { in: 'byMember', prefix: 'REVISION#' },
  exportItem: ({ title, body, tags, productIds, rating, postId, version, revisedAt }) => ({
    postId,
    version,
    title,
    body,
    tags,
    productIds,
    rating,
    revisedAt,
  }),
  eraseItem: (table, item, erasure) =>
    erasure.content === 'delete'
      ? remove(table, item)
      : [[{ Update: { TableName: table, Key: keyOf(item), UpdateExpression: `REMOVE ${MEMBER_KEYS.join(', ')}`, ExpressionAttributeNames: memberKeyNames } }]],
};

const comments: MemberDataKind = {
  kind: 'comments',
  where: { in: 'byMember', prefix: 'COMMENT#' },
  exportItem: (item) => {
    const { authorName: _name, ...comment } = toComment(item);
    return comment;
  },
  eraseItem: (table, item, erasure) => {
    const comment: Comment = toComment(item);
    if (erasure.content === 'de-identify' || comment.deleted) return [[deIdentify(table, item, erasure, erasure.content === 'delete' ? { body: '' } : {})]];
    // The tombstone and the post's count together, then the author's traces.
    const tombstone: TransactItem = {
      Update: {
        TableName: table,
        Key: keyOf(item),
        UpdateExpression: 'SET deleted = :true, body = :empty, deletedAt = :at',
        ConditionExpression: 'deleted = :false',
        ExpressionAttributeValues: { ':true': true, ':false': false, ':empty': '', ':at': erasure.at },
      },
    };
    return [
      [tombstone, ...(comment.status === 'published' ? [countComments(table, comment.postId, -1, false, comment.official)] : [])],
      [deIdentify(table, item, erasure, {})],
    ];
  },
};

const reactions: MemberDataKind = {
  kind: 'reactions',
  where: { in: 'byMember', prefix: 'REACTION#' },
  exportItem: ({ postId, reaction, createdAt, removedAt }) => ({ postId, reaction, createdAt, ...(removedAt ? { removedAt } : {}) }),
  eraseItem: (table, item) => {
    const live = item.removedAt === undefined;
    const del: TransactItem = { Delete: { TableName: table, Key: keyOf(item) } };
    return [live ? [del, countReactions(table, String(item.postId), item.reaction as Parameters<typeof countReactions>[2], -1)] : [del]];
  },
};

const reports: MemberDataKind = {
  kind: 'reports-filed',
  where: { in: 'byMember', prefix: 'REPORT#' },
  exportItem: ({ itemId, postId, reasonCode, text, at }) => ({ itemId, postId, reasonCode, text, at }),
  eraseItem: remove,
};

/**
 * Idea votes, found through byVoter (live ones and a day's tombstones). A live vote leaves its
 * idea's tally (and this week's trend windows) in the delete's own transaction, and the delete is
 * conditioned on the vote being as read, so an erasure run again counts nothing off twice.
 */
const votes: MemberDataKind = {
  kind: 'votes',
  where: { in: 'byVoter', prefix: '' },
  exportItem: (item) => {
    const { postId, communityId, votedAt, movedFrom } = toVote(item);
    return { postId, communityId, votedAt, ...(movedFrom ? { movedFrom } : {}), ...(item.removedAt ? { removedAt: item.removedAt } : {}) };
  },
  eraseItem: (table, item, erasure) => {
    if (!isLiveVote(item)) return [[eraseVote(table, item)]];
    const cast = toVote(item);
    return [[eraseVote(table, item), adjustVotes(table, cast.postId, -1), ...withdrawVote(table, cast, erasure.at.slice(0, 10))]];
  },
};

/** Desk items about the member's posts: kept for the desk's figures, without the author or the title they copy. */
const deskCases: MemberDataKind = {
  kind: 'desk-items',
  where: { in: 'byMember', prefix: 'DESKITEM#' },
  exportItem: ({ itemId, postId, kind, status, enteredAt, dueAt }) => ({ itemId, postId, kind, status, enteredAt, dueAt }),
  eraseItem: (table, item, erasure) => [[deIdentify(table, item, erasure, { title: '' })]],
};

/** Queue items about the member's content: kept for the moderators' history, without the author. */
const moderationCases: MemberDataKind = {
  kind: 'moderation-of-content',
  where: { in: 'byMember', prefix: 'MODITEM#' },
  exportItem: ({ itemId, status, reasons, createdAt, lastDecision }) => ({
    itemId,
    status,
    reasons,
    createdAt,
    decision: lastDecision
      ? { action: (lastDecision as Record<string, unknown>).action, reasonCode: (lastDecision as Record<string, unknown>).reasonCode }
      : null,
  }),
  eraseItem: (table, item, erasure) => [[deIdentify(table, item, erasure, erasure.content === 'delete' ? { excerpt: '', appealText: null } : {})]],
};

/**
 * The member's sanction appeals (queue items of their own kind, lambdas/moderation/sanction-appeal.ts):
 * exported with their text and outcome (never the moderator). Erasure keeps each in the queue for its
 * history and its counts, without the member's id or their text: an open one can still be decided
 * (its sanction went with the member, so deciding it changes nothing else).
 */
const sanctionAppeals: MemberDataKind = {
  kind: 'sanction-appeals',
  where: { in: 'byMember', prefix: SANCTION_APPEAL_MEMBER_PREFIX },
  exportItem: ({ itemId, sanction, appealText, status, createdAt, lastDecision }) => {
    const decision = lastDecision as { action?: unknown; decidedAt?: unknown } | null | undefined;
    return {
      itemId,
      sanctionId: (sanction as { sanctionId?: unknown } | null | undefined)?.sanctionId ?? null,
      text: appealText ?? null,
      status,
      createdAt,
      decision: decision ? { action: decision.action, decidedAt: decision.decidedAt } : null,
    };
  },
  eraseItem: (table, item, erasure) => {
    const sanction = item.sanction as Record<string, unknown> | null | undefined;
    return [
      [deIdentify(table, item, erasure, { excerpt: '', appealText: null, sanction: sanction ? { ...sanction, memberId: FORMER_MEMBER.authorId } : null })],
    ];
  },
};

/**
 * Brand replies the member (a staff member) wrote last: the brand's words stay on the review, and
 * the member's id on them (the reply and the review's copy) becomes the former member's.
 */
const brandReplies: MemberDataKind = {
  kind: 'brand-replies',
  where: { in: 'byMember', prefix: 'BRANDREPLY#' },
  exportItem: (item) => {
    const { communityId: _c, editedBy: _e, ...reply } = toBrandReplyRecord(item);
    return reply;
  },
  eraseItem: (table, item, erasure) => [deIdentifyBrandReply(table, item, erasure.memberId, FORMER_MEMBER.authorId)],
};

/** Bookkeeping that names the member in its key: erased, not exported. */
const bookkeeping = (kind: string, prefix: string): MemberDataKind => ({ kind, where: { in: 'byMember', prefix }, eraseItem: remove });

const inPartition = (kind: string, prefix: string, exportItem?: (item: StoredItem) => unknown, partition?: (memberId: string) => string): MemberDataKind => ({
  kind,
  where: { in: 'partition', prefix, ...(partition ? { partition } : {}) },
  ...(exportItem ? { exportItem } : {}),
  eraseItem: remove,
});

/** The registry. Order matters for erasure only in that the member's state (their pseudonym key) goes last. */
export const MEMBER_DATA: readonly MemberDataKind[] = [
  posts,
  revisions,
  comments,
  reactions,
  votes,
  reports,
  moderationCases,
  sanctionAppeals,
  deskCases,
  brandReplies,
  // Create markers live in the member's ONCE#<id> partition; those written before (byMember keys) until their TTL.
  inPartition('create-markers', '', undefined, createMarkersPartition),
  bookkeeping('create-markers-indexed', 'ONCE#'),
  // Rate windows live in the member's RATE#<id> partition; those written before (byMember keys) until their TTL.
  inPartition('rate-windows', '', undefined, rateWindowsPartition),
  bookkeeping('rate-windows-indexed', 'RATE#'),
  bookkeeping('content-fingerprints', 'CONTENT#'),
  inPartition('sanctions', 'SANCTION#', (item) => {
    const { issuedBy: _by, note: _note, ...sanction } = toSanction(item);
    return sanction;
  }),
  inPartition('communities', 'COMMUNITY#', ({ communityId, joinedAt, postCount }) => ({ communityId, joinedAt, postCount })),
  // Moderators' notes are never shown to the member; erasure deletes them.
  inPartition('moderator-notes', 'NOTE#'),
  inPartition('export-jobs', 'EXPORT'),
  // How many ideas the member votes for in a budgeted community: their usage goes with them (after their votes).
  inPartition('vote-budgets', 'VOTE-BUDGET#', (item) => ({
    communityId: String(item[SK]).slice('VOTE-BUDGET#'.length),
    openVotes: typeof item.openVotes === 'number' ? item.openVotes : 0,
  })),
  // Follows and the inbox (issue 12) live in partitions of their own: FOLLOWS#<id> and INBOX#<id>.
  inPartition('follows', 'FOLLOW#', toFollow, followsPartition),
  inPartition('notifications', 'N#', toNotification, inboxPartition),
  inPartition('notifications-unread', 'U#', undefined, inboxPartition),
  inPartition('notification-counter', 'UNREAD', undefined, inboxPartition),
  inPartition('notification-preferences', 'PREFS', (item) => toPreferences(item), inboxPartition),
  // Others' notifications this member caused name them in their summary: deleted, an unread copy with its count.
  {
    kind: 'notifications-caused',
    where: { in: 'byMember', prefix: 'CAUSED#' },
    eraseItem: (table, item) => {
      const remove = { Delete: { TableName: table, Key: keyOf(item) } };
      return String(item[SK]).startsWith('U#') ? [[remove, countUnread(table, String(item.memberId), -1)]] : [[remove]];
    },
  },
  inPartition('account', 'STATE', ({ firstSeenAt, approvedContributions }) => ({ firstSeenAt, approvedContributions: approvedContributions ?? 0 })),
];
