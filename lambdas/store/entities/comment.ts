/**
 * Comment: one item per comment in its post's item collection, so a thread is one Query. Deleting
 * leaves a tombstone (replies keep their place); the post's count moves in the same transaction.
 *
 *   pk POST#<postId>   sk COMMENT#<commentId>   (ULIDs: oldest first)
 */
import type { GetCommandInput, QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Comment } from '../../api/schemas';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { collectionList, collectionQuery, getItem, key, PK, putNew, type Item, type Key, type TransactItem, memberKeys } from '../expressions';
import { ITEM_TYPES } from './item-types';
import { countComments, postIsPublished } from './post';

export const commentKey = (postId: string, commentId: string): Key => key(`POST#${postId}`, `COMMENT#${commentId}`);

/** The post a comment is on, as far as the lake cares: carried on the comment item so its stream images name them. */
export interface CommentedPost {
  readonly communityId: string;
  readonly productIds: readonly string[];
}

/**
 * The comment item. `on` (the post's community and products when the comment was written) is kept
 * for the lake only: the stream image then names them without a lookup; never read back.
 */
export const commentItem = (c: Comment, on: CommentedPost): Item => ({
  ...commentKey(c.postId, c.commentId),
  type: ITEM_TYPES.comment,
  ...memberKeys(c.authorId, `COMMENT#${c.postId}#${c.commentId}`),
  ...c,
  communityId: on.communityId,
  productIds: [...on.productIds],
});

export function toComment(item: StoredItem): Comment {
  const read = readItem(item, ITEM_TYPES.comment);
  const moderation = read.optionalMap<NonNullable<Comment['moderation']>>('moderation');
  return {
    commentId: read.string('commentId'),
    postId: read.string('postId'),
    parentCommentId: read.nullableString('parentCommentId'),
    depth: read.number('depth'),
    // Comments written before moderation existed carry no status: they were published.
    status: (read.optionalString('status') ?? 'published') as Comment['status'],
    ...(moderation ? { moderation } : {}),
    body: read.string('body'),
    authorId: read.string('authorId'),
    authorName: read.string('authorName'),
    ...(read.optionalString('responderRole') !== undefined
      ? {
          official: true as const,
          responderTeam: read.nullableString('responderTeam'),
          responderRole: read.string('responderRole') as Comment['responderRole'],
        }
      : {}),
    deleted: read.boolean('deleted'),
    createdAt: read.string('createdAt'),
  };
}

export const getComment = (table: string, postId: string, commentId: string): GetCommandInput => getItem(table, commentKey(postId, commentId));

/**
 * Writes a comment on a published post (and under a live parent, for a reply). Only a published
 * comment counts; a held one counts once a moderator approves it. Positions: 0 the comment,
 * 1 the post, 2 the parent.
 */
export const createCommentTransaction = (table: string, c: Comment, on: CommentedPost): TransactWriteCommandInput => ({
  TransactItems: [
    putNew(table, commentItem(c, on)),
    c.status === 'published' ? countComments(table, c.postId, 1, true, c.official) : postIsPublished(table, c.postId),
    ...(c.parentCommentId
      ? [
          {
            ConditionCheck: {
              TableName: table,
              Key: commentKey(c.postId, c.parentCommentId),
              ConditionExpression: 'attribute_exists(#pk) AND deleted = :false',
              ExpressionAttributeNames: { '#pk': PK },
              ExpressionAttributeValues: { ':false': false },
            },
          },
        ]
      : []),
  ],
});

/**
 * Tombstones a comment unless it already is one (position 0), and uncounts it if it counted.
 * `deletedBy` (author or moderator) is kept for the lake's actor; never read back.
 */
export const deleteCommentTransaction = (table: string, c: Comment, deletedAt: string, deletedBy: string): TransactWriteCommandInput => ({
  TransactItems: [
    {
      Update: {
        TableName: table,
        Key: commentKey(c.postId, c.commentId),
        UpdateExpression: 'SET deleted = :true, body = :empty, deletedAt = :at, deletedBy = :by',
        ConditionExpression: 'deleted = :false',
        ExpressionAttributeValues: { ':true': true, ':false': false, ':empty': '', ':at': deletedAt, ':by': deletedBy },
      },
    },
    ...(c.status === 'published' ? [countComments(table, c.postId, -1, false, c.official)] : []),
  ],
});

/**
 * A moderator's change of a comment's status, if it is still in the status they saw and not deleted;
 * the post's count follows whether the comment is published. `changedBy` (the moderator, null for
 * the system) and `changedAt` are kept for the lake's actor and time; never read back.
 */
export function moderateComment(table: string, before: Comment, after: Comment, changedBy: string | null, changedAt: string): TransactItem[] {
  const delta = (after.status === 'published' ? 1 : 0) - (before.status === 'published' ? 1 : 0);
  const set = ['#status = :after', 'changedAt = :at', ...(after.moderation ? ['moderation = :moderation'] : []), ...(changedBy ? ['changedBy = :by'] : [])];
  const remove = [...(after.moderation ? [] : ['moderation']), ...(changedBy ? [] : ['changedBy'])];
  return [
    {
      Update: {
        TableName: table,
        Key: commentKey(before.postId, before.commentId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: '#status = :before AND deleted = :false',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':after': after.status,
          ':before': before.status,
          ':false': false,
          ':at': changedAt,
          ...(after.moderation ? { ':moderation': after.moderation } : {}),
          ...(changedBy ? { ':by': changedBy } : {}),
        },
      },
    },
    ...(delta !== 0 ? [countComments(table, before.postId, delta, false, before.official)] : []),
  ];
}

export const commentsList = (postId: string): ListRef => collectionList(`comments#${postId}`, `POST#${postId}`);

/** A post's comments, oldest first. */
export const commentsQuery = (table: string, postId: string, limit: number, start?: StartKey): QueryCommandInput =>
  collectionQuery(table, commentsList(postId), 'COMMENT#', limit, start, false);
