/**
 * Product summary: a product's review count and rating sum, kept by the writes that change reviews
 * (ADD, never read-modify-write). What a change adds is the domain's rule (lambdas/posts/review-summary.ts).
 *
 *   pk PRODUCT#<productId>   sk SUMMARY
 */
import type { GetCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ProductSummary } from '../../domain/ports';
import type { ReviewSummaryDelta } from '../../posts/review-summary';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const productSummaryKey = (productId: string): Key => key(`PRODUCT#${productId}`, 'SUMMARY');

/** Adds a delta to a product's summary, creating the summary on its first review. */
export const adjustSummary = (table: string, delta: ReviewSummaryDelta): TransactItem => ({
  Update: {
    TableName: table,
    Key: productSummaryKey(delta.productId),
    UpdateExpression: 'ADD reviewCount :count, ratingSum :sum SET #type = :type, productId = :productId',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':count': delta.count, ':sum': delta.ratingSum, ':type': ITEM_TYPES.productSummary, ':productId': delta.productId },
  },
});

export const getProductSummary = (table: string, productId: string): GetCommandInput => getItem(table, productSummaryKey(productId));

/** A product nobody reviewed has no summary item: zero reviews. */
export function toProductSummary(item: StoredItem | undefined): ProductSummary {
  if (!item) return { reviewCount: 0, ratingSum: 0 };
  const read = readItem(item, ITEM_TYPES.productSummary);
  return { reviewCount: read.number('reviewCount'), ratingSum: read.number('ratingSum') };
}
