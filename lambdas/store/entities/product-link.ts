/**
 * Product link: one item per post and product it names, while the post is published. The links carry
 * the post's kind, so a product's feed of one kind is a filter on the same partition.
 *
 *   pk POST#<postId>   sk PRODUCT#<productId>   byProduct: PRODUCT#<productId> / <postId>
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Post, PostKind } from '../../api/schemas';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { indexList, indexQuery, indexes, key, withFilters, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const productLinkKey = (postId: string, productId: string): Key => key(`POST#${postId}`, `PRODUCT#${productId}`);

const productPk = (productId: string) => `PRODUCT#${productId}`;

export const productLinkItem = (p: Post, productId: string): Item => ({
  ...productLinkKey(p.postId, productId),
  type: ITEM_TYPES.productLink,
  [indexes.byProduct.partitionKey]: productPk(productId),
  [indexes.byProduct.sortKey]: p.postId,
  postId: p.postId,
  productId,
  kind: p.kind,
});

/** The post a link points to. */
export const toLinkedPostId = (item: StoredItem): string => readItem(item, ITEM_TYPES.productLink).string('postId');

/** The link writes that moving a post from `before` to `after` needs (links exist only while it is published). */
export function linkChanges(table: string, before: Post | undefined, after: Post | undefined): TransactItem[] {
  const linked = (p: Post | undefined) => new Set(p && p.status === 'published' ? p.productIds : []);
  const was = linked(before);
  const is = linked(after);
  const items: TransactItem[] = [];
  for (const productId of was) if (!is.has(productId)) items.push({ Delete: { TableName: table, Key: productLinkKey(before!.postId, productId) } });
  for (const productId of is) {
    // Put also refreshes a kept link; links are tiny and this keeps their kind in step.
    if (!was.has(productId) || before?.kind !== after!.kind) items.push({ Put: { TableName: table, Item: productLinkItem(after!, productId) } });
  }
  return items;
}

export const productFeedList = (productId: string, kind: PostKind | undefined): ListRef =>
  indexList('byProduct', `product#${productId}${kind ? `#${kind}` : ''}`, productPk(productId));

/** Links to the published posts naming a product (of one kind), newest first. */
export const productFeedQuery = (table: string, productId: string, kind: PostKind | undefined, limit: number, start?: StartKey): QueryCommandInput =>
  withFilters(indexQuery(table, 'byProduct', productFeedList(productId, kind), limit, start, true), { kind });
