/**
 * The DynamoDB adapter of the brand's replies to reviews (lambdas/store/entities/brand-reply.ts): one
 * read, one transaction, and which of its conditions failed. Apart from the content store, so only
 * the posts group's bundle carries it.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BrandReplyStore } from '../domain/ports';
import { deskWriteItems } from './desk-transactions';
import { brandReplyTransaction, getBrandReply, toBrandReplyRecord } from './entities/brand-reply';
import { sendTransaction } from './transactions';

export function dynamoBrandReplyStore(client: DynamoDBDocumentClient, table: string): BrandReplyStore {
  return {
    async getBrandReply(postId) {
      const out = await client.send(new GetCommand(getBrandReply(table, postId)));
      return out.Item ? toBrandReplyRecord(out.Item) : undefined;
    },
    async writeBrandReply(write) {
      try {
        await sendTransaction(client, brandReplyTransaction(table, write, write.desk ? deskWriteItems(table, write.desk) : []));
        return 'written';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const failed = (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');
        if (failed[0]) return 'reply-moved';
        if (failed[1]) return 'review-moved';
        if (failed.some(Boolean)) return 'desk-moved';
        throw error;
      }
    },
  };
}
