/**
 * The store side of the leased queue (lambdas/domain/leased-queue.ts) that the moderation queue and
 * the response desk share: the two claim indexes an open item sits in (free: byClaimQueue by
 * urgency; leased: byLeaseExpiry by expiry, so an expired lease is found by a key condition), the
 * conditions that guard each step, and the claim candidates read from both indexes, most urgent
 * first, a page at a time. Each queue names its partitions (`claimPartition`, `leasePartition`) and
 * its open statuses; everything else is the same code.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ItemGuard, Lease } from '../domain/leased-queue';
import type { StartKey } from './cursor';
import { indexQuery, indexList, indexes, isNew, type Item } from './expressions';

/** Where one queue's open items sit in the claim indexes. */
export interface ClaimPartitions {
  /** byClaimQueue's partition of the queue's free items. */
  readonly claimPartition: string;
  /** byLeaseExpiry's partition of the queue's leased items. */
  readonly leasePartition: string;
}

/** The claim index keys of an item: none once closed, byLeaseExpiry while leased, byClaimQueue while free. */
export function claimIndexKeys(open: boolean, lease: Lease | null, urgency: string, partitions: ClaimPartitions): Item {
  if (!open) return {};
  return lease
    ? { [indexes.byLeaseExpiry.partitionKey]: partitions.leasePartition, [indexes.byLeaseExpiry.sortKey]: `${lease.expiresAt}#${urgency}` }
    : { [indexes.byClaimQueue.partitionKey]: partitions.claimPartition, [indexes.byClaimQueue.sortKey]: urgency };
}

/** The lease as attributes of the item (what the guards test). */
export const leaseAttributes = (lease: Lease | null): Item => (lease ? { leaseHolder: lease.holder, leaseExpiresAt: lease.expiresAt } : {});

/** The condition that makes a write of an item safe for the step that guards it. */
export interface Condition {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

export function guardCondition(guard: ItemGuard, openStatuses: readonly string[]): Condition {
  switch (guard.kind) {
    case 'new':
      return { ...isNew };
    case 'version':
      return {
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': guard.version },
      };
    case 'claimable': {
      const open = Object.fromEntries(openStatuses.map((status, n) => [`:open${n}`, status]));
      return {
        ConditionExpression: `#version = :expected AND #status IN (${Object.keys(open).join(', ')}) AND (attribute_not_exists(leaseExpiresAt) OR leaseExpiresAt <= :now)`,
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':expected': guard.version, ...open, ':now': guard.now },
      };
    }
    case 'leased':
      return {
        ConditionExpression: '#version = :expected AND leaseHolder = :holder AND leaseExpiresAt > :now',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': guard.version, ':holder': guard.holder, ':now': guard.now },
      };
  }
}

/** The head of a queue: items nobody holds, most urgent first. */
export const freeHeadQuery = (table: string, claimPartition: string, listId: string, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byClaimQueue', indexList('byClaimQueue', listId, claimPartition), limit, start, false);

/** Items whose lease expired before `now`, soonest expired first: free again without any job. */
export const expiredLeasesQuery = (table: string, leasePartition: string, now: string, limit: number, start?: StartKey): QueryCommandInput => ({
  TableName: table,
  IndexName: 'byLeaseExpiry',
  // A key condition, not a filter: only items a claim could take are read.
  KeyConditionExpression: '#pk = :pk AND #sk < :now',
  ExpressionAttributeNames: { '#pk': indexes.byLeaseExpiry.partitionKey, '#sk': indexes.byLeaseExpiry.sortKey },
  ExpressionAttributeValues: { ':pk': leasePartition, ':now': now },
  Limit: limit,
  ExclusiveStartKey: start,
});

/** Skips items under a live lease (for a list that holds free and leased items together). */
export const withoutLiveLeases = (input: QueryCommandInput, now: string): QueryCommandInput => ({
  ...input,
  FilterExpression: 'attribute_not_exists(#leaseExpiresAt) OR #leaseExpiresAt <= :now',
  ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#leaseExpiresAt': 'leaseExpiresAt' },
  ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':now': now },
});

/**
 * Candidates read per page of a claim index: the first page is the head alone (an uncontended claim
 * reads one item); later pages, needed only when concurrent claimers race for the head (or the head
 * is one the caller may not take), grow fourfold up to a full page. The page count bounds what one
 * claim can cost.
 */
export const MAX_CLAIM_PAGES = 6;
export const claimPageSize = (pageNo: number): number => Math.min(100, 4 ** pageNo);

/** Candidates from one list that holds free and expired items together (a community's partition). */
export async function* listedCandidates<T>(
  client: DynamoDBDocumentClient,
  query: (limit: number, start?: StartKey) => QueryCommandInput,
  toItem: (item: Record<string, unknown>) => T,
): AsyncGenerator<T> {
  let start: StartKey | undefined;
  for (let pageNo = 0; pageNo < MAX_CLAIM_PAGES; pageNo++) {
    const out = await client.send(new QueryCommand(query(claimPageSize(pageNo), start)));
    yield* (out.Items ?? []).map(toItem);
    start = out.LastEvaluatedKey as StartKey | undefined;
    if (!start) return;
  }
}

/** Free items and items whose lease ran out, a page of each at a time, merged most urgent first. */
export async function* claimCandidates<T>(
  client: DynamoDBDocumentClient,
  queries: { readonly free: (limit: number, start?: StartKey) => QueryCommandInput; readonly expired: (limit: number, start?: StartKey) => QueryCommandInput },
  toItem: (item: Record<string, unknown>) => T,
  byUrgency: (a: T, b: T) => number,
): AsyncGenerator<T> {
  let freeStart: StartKey | undefined;
  let expiredStart: StartKey | undefined;
  let freeDone = false;
  let expiredDone = false;
  for (let pageNo = 0; pageNo < MAX_CLAIM_PAGES && !(freeDone && expiredDone); pageNo++) {
    const size = claimPageSize(pageNo);
    const [free, expired] = await Promise.all([
      freeDone ? undefined : client.send(new QueryCommand(queries.free(size, freeStart))),
      expiredDone ? undefined : client.send(new QueryCommand(queries.expired(size, expiredStart))),
    ]);
    freeStart = free?.LastEvaluatedKey as StartKey | undefined;
    expiredStart = expired?.LastEvaluatedKey as StartKey | undefined;
    freeDone ||= !freeStart;
    expiredDone ||= !expiredStart;
    yield* [...(free?.Items ?? []), ...(expired?.Items ?? [])].map(toItem).sort(byUrgency);
  }
}
