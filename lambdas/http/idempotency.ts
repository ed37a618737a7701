/**
 * Idempotency-Key on POST routes: a retried request (same caller, route and key) gets the first
 * response back and writes nothing twice; a key reused with another body is refused; a retry racing
 * the first attempt gets 409 until the first finishes; a request that failed is forgotten, so its
 * retry runs again.
 *
 * The protocol is Powertools for AWS Lambda's (idempotency, DynamoDB persistence layer), written out
 * on conditional writes to the same table with the same records, so a deployment switching between
 * the two reads the other's records: `id` = `<function name>#<md5 of the scope>`, `status`
 * INPROGRESS → COMPLETED, `expiration` (epoch seconds, the table's TTL), `in_progress_expiration`
 * (epoch ms, when a crashed attempt's claim lapses), `validation` (md5 of the body), `data` (the
 * response). Powertools' module and the JMESPath engine it brings cost 41 KB per bundle for what
 * these 2.5 KB do (minified; BENCHMARKS.md § 1).
 *
 * 1. Claim: PutItem on `attribute_not_exists(id) OR expiration < now OR (INPROGRESS and its claim
 *    lapsed)`. On success, run the request.
 * 2. Run succeeded: SET status = COMPLETED, data, expiration. Run threw: DeleteItem, then rethrow.
 * 3. Claim refused: the record that refused it (handed back by the condition failure, else a
 *    consistent read) answers: another body → 422, INPROGRESS → 409, COMPLETED → its response with
 *    `Idempotent-Replayed: true`. A record that expired or vanished meanwhile: claim again (twice).
 */
import { createHash } from 'node:crypto';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { functionName } from '../config';
import { ConflictError, UnprocessableError } from '../domain/errors';
import type { Idempotency, IdempotencyScope } from './idempotency-key';

/** How long a key is remembered: a day covers any client's retry policy. */
const KEY_TTL_SECONDS = 24 * 60 * 60;
/** Claims retried when the record that refused one expired or vanished before it was read (Powertools' MAX_RETRIES). */
const MAX_RETRIES = 2;

const INPROGRESS = 'INPROGRESS';
const COMPLETED = 'COMPLETED';

/** Powertools' hash: md5, base64, of the JSON with object keys sorted. */
const hashOf = (value: unknown): string => createHash('md5').update(JSON.stringify(value)).digest('base64');

/** The scope with its keys in sorted order, as Powertools' deepSort leaves it. */
const sortedScope = ({ key, memberId, route }: IdempotencyScope) => ({ key, memberId, route });

interface StoredRecord {
  readonly status?: string;
  readonly expiration?: number;
  readonly validation?: string;
  readonly data?: APIGatewayProxyStructuredResultV2;
}

/** A record that expired or disappeared between the refused claim and its read: claim again. */
class RecordLapsed extends Error {}

export function dynamoIdempotency(client: DynamoDBClient, tableName: string): Idempotency {
  // Read when the store is made, as Powertools' persistence layer reads it.
  const thisFunction = functionName();
  return async (scope, body, context, run) => {
    const id = `${thisFunction}#${hashOf(sortedScope(scope))}`;
    const validation = hashOf(body ?? '');
    const Key = { id: { S: id } };

    const claim = async (): Promise<StoredRecord | undefined> => {
      const now = Date.now();
      const remaining = context.getRemainingTimeInMillis?.();
      const item: Record<string, AttributeValue> = {
        ...Key,
        expiration: { N: String(Math.round(now / 1000 + KEY_TTL_SECONDS)) },
        status: { S: INPROGRESS },
        validation: { S: validation },
        ...(remaining ? { in_progress_expiration: { N: String(now + remaining) } } : {}),
      };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression:
              'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)',
            ExpressionAttributeNames: { '#id': 'id', '#expiry': 'expiration', '#in_progress_expiry': 'in_progress_expiration', '#status': 'status' },
            ExpressionAttributeValues: marshall({ ':now': now / 1000, ':now_in_millis': now, ':inprogress': INPROGRESS }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return undefined;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (error.Item) return unmarshall(error.Item) as StoredRecord;
        const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));
        if (!Item) throw new RecordLapsed();
        return unmarshall(Item) as StoredRecord;
      }
    };

    /** What a refused claim answers, from the record that refused it. */
    const answerFrom = (record: StoredRecord): APIGatewayProxyStructuredResultV2 => {
      if (record.validation !== validation) {
        throw new UnprocessableError(`Idempotency-Key ${scope.key} was already used with a different request body; use a new key for a new request`, [
          { field: 'header.idempotency-key', message: 'already used with a different body' },
        ]);
      }
      if (record.expiration !== undefined && Date.now() / 1000 > record.expiration) throw new RecordLapsed();
      if (record.status === INPROGRESS) {
        throw new ConflictError(`a request with Idempotency-Key ${scope.key} is still being processed; retry it shortly`);
      }
      if (record.status !== COMPLETED || !record.data) throw new Error(`idempotency record ${id} has status ${record.status} and no response`);
      return { ...record.data, headers: { ...record.data.headers, 'idempotent-replayed': 'true' } };
    };

    for (let attempt = 0; ; attempt++) {
      try {
        const existing = await claim();
        if (existing) return answerFrom(existing);
        break;
      } catch (error) {
        if (!(error instanceof RecordLapsed) || attempt >= MAX_RETRIES) throw error;
      }
    }

    let response: APIGatewayProxyStructuredResultV2;
    try {
      response = await run();
    } catch (error) {
      await client.send(new DeleteItemCommand({ TableName: tableName, Key }));
      throw error;
    }
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key,
        UpdateExpression: 'SET #expiry = :expiry, #status = :status, #response_data = :response_data, #validation_key = :validation_key',
        ExpressionAttributeNames: { '#expiry': 'expiration', '#status': 'status', '#response_data': 'data', '#validation_key': 'validation' },
        ExpressionAttributeValues: marshall(
          { ':expiry': Math.round(Date.now() / 1000 + KEY_TTL_SECONDS), ':status': COMPLETED, ':response_data': response, ':validation_key': validation },
          { removeUndefinedValues: true },
        ),
      }),
    );
    return response;
  };
}
