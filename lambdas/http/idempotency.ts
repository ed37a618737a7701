/**
 * Idempotency-Key on POST routes, through Powertools for AWS Lambda: a retried request (same caller,
 * route and key) gets the first response back and writes nothing twice; a key reused with another
 * body is refused; a retry racing the first attempt gets 409 until the first finishes.
 */
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ConflictError, UnprocessableError } from '../domain/errors';
import type { Idempotency, IdempotencyScope } from './idempotency-key';

/** How long a key is remembered: a day covers any client's retry policy. */
const KEY_TTL_SECONDS = 24 * 60 * 60;

export function dynamoIdempotency(client: DynamoDBClient, tableName: string): Idempotency {
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'scope',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: KEY_TTL_SECONDS,
    throwOnNoIdempotencyKey: true,
    responseHook: (response) => {
      const replay = response as APIGatewayProxyStructuredResultV2;
      return { ...replay, headers: { ...replay.headers, 'idempotent-replayed': 'true' } };
    },
  });
  return async (scope, body, context, run) => {
    const once = makeIdempotent(async (_request: { scope: IdempotencyScope; body: string }, _context: Context) => run(), { persistenceStore, config });
    try {
      return await once({ scope, body: body ?? '' }, context);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new UnprocessableError(`Idempotency-Key ${scope.key} was already used with a different request body; use a new key for a new request`, [
          { field: 'header.idempotency-key', message: 'already used with a different body' },
        ]);
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new ConflictError(`a request with Idempotency-Key ${scope.key} is still being processed; retry it shortly`);
      }
      throw error;
    }
  };
}
