/**
 * Post revision: the content a post had at one version, kept when an edit replaces it. Lives in the
 * post's item collection, so a post's history is one Query.
 *
 *   pk POST#<postId>   sk REVISION#<version, 6 digits>   (digits keep the sort numeric)
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Post, PostRevision } from '../../api/schemas';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { collectionList, collectionQuery, key, type Item, type Key, type TransactItem, memberKeys } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const revisionKey = (postId: string, version: number): Key => key(`POST#${postId}`, `REVISION#${String(version).padStart(6, '0')}`);

/** The content `post` had, replaced at `revisedAt`. */
export const revisionItem = (post: Post, revisedAt: string): Item => ({
  ...revisionKey(post.postId, post.version),
  type: ITEM_TYPES.postRevision,
  // The author's, for export and erasure only: a revision shows no author.
  ...memberKeys(post.authorId, `REVISION#${post.postId}#${String(post.version).padStart(6, '0')}`),
  postId: post.postId,
  version: post.version,
  title: post.title,
  body: post.body,
  productIds: post.productIds,
  tags: post.tags,
  rating: post.rating,
  revisedAt,
});

export function toRevision(item: StoredItem): PostRevision {
  const read = readItem(item, ITEM_TYPES.postRevision);
  const rating = read.optionalNumber('rating');
  return {
    postId: read.string('postId'),
    version: read.number('version'),
    title: read.string('title'),
    body: read.string('body'),
    productIds: read.strings('productIds'),
    tags: read.strings('tags'),
    ...(rating !== undefined ? { rating } : {}),
    revisedAt: read.string('revisedAt'),
  };
}

export const putRevision = (table: string, previous: Post, revisedAt: string): TransactItem => ({
  Put: { TableName: table, Item: revisionItem(previous, revisedAt) },
});

export const revisionsList = (postId: string): ListRef => collectionList(`revisions#${postId}`, `POST#${postId}`);

/** A post's earlier versions, newest first. */
export const revisionsQuery = (table: string, postId: string, limit: number, start?: StartKey): QueryCommandInput =>
  collectionQuery(table, revisionsList(postId), 'REVISION#', limit, start, true);
