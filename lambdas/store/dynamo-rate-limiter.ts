/**
 * The DynamoDB adapter of rate limits (entities/rate-window.ts), on its own so a group that needs
 * nothing else from the table (POST /v1/events) carries only this.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../domain/ports';
import { spendFromDrainingBucket, spendFromFullBucket, type RateSpend } from './entities/rate-window';

/**
 * Each failed attempt means another request changed the bucket since the last answer (or the guess
 * "full" was wrong, the usual first miss), so a handful settles every request but a pathological race,
 * which is refused and told to retry in a second.
 */
const MAX_ATTEMPTS = 6;

/** The bucket's theoretical arrival time in the old item a refused condition returned. */
const tatOf = (error: ConditionalCheckFailedException): number | undefined => {
  const tat = error.Item?.tat?.N;
  return tat === undefined ? undefined : Number(tat);
};

export function dynamoRateLimiter(client: DynamoDBDocumentClient, table: string): RateLimiter {
  return {
    async consume(key, limit, windowSeconds, now, cost = 1) {
      const window = windowSeconds * 1000;
      const spend: RateSpend = { now: now.getTime(), spend: (cost * window) / limit, window };
      // One conditional UpdateItem when the bucket is full (the usual case) or the request is refused;
      // a second when it is admitted into a bucket still draining (a member near their limit).
      let command = spendFromFullBucket(table, key, spend);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          await client.send(new UpdateCommand(command));
          return { allowed: true };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          const tat = tatOf(error);
          if (tat === undefined || tat <= spend.now) {
            command = spendFromFullBucket(table, key, spend);
          } else if (tat + spend.spend - spend.now > window) {
            return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((tat + spend.spend - window - spend.now) / 1000)) };
          } else {
            command = spendFromDrainingBucket(table, key, spend);
          }
        }
      }
      return { allowed: false, retryAfterSeconds: 1 };
    },
  };
}
