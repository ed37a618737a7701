/**
 * The Idempotency-Key contract every POST route shares. The implementation on conditional writes lives in
 * idempotency.ts and is imported only by the composition of groups with storage, so the other
 * bundles stay free of it.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { IDEMPOTENCY_KEY_PATTERN } from '../api/route-spec';
import { BadRequestError } from '../domain/errors';

export interface IdempotencyScope {
  /** Method and path of the request: the same key on another resource is another request. */
  readonly route: string;
  readonly memberId: string;
  readonly key: string;
}

export type Idempotency = (
  scope: IdempotencyScope,
  body: string | undefined,
  context: Context,
  run: () => Promise<APIGatewayProxyStructuredResultV2>,
) => Promise<APIGatewayProxyStructuredResultV2>;

export function checkIdempotencyKey(key: string): string {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new BadRequestError('Idempotency-Key must be 1-255 visible ASCII characters (a UUID is a good choice)', [
      { field: 'header.idempotency-key', message: 'must be 1-255 visible ASCII characters' },
    ]);
  }
  return key;
}
