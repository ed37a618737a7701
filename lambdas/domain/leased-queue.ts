/**
 * The leased queue both the moderation queue and the response desk are: items in the table that
 * people list, claim and work under a lease. A lease is data on the item with an expiry, so an
 * expired lease frees the item by itself, and every step is a conditional write guarded by
 * `ItemGuard`, so two people never hold the same item. What differs between the two queues (what
 * is urgent, who may take what) is passed in; the lease rules and the claim loop are here once.
 */
import type { Caller } from './caller';

export interface Lease {
  readonly holder: string;
  readonly expiresAt: string;
}

/** How long a claim or an extension holds an item. */
export const LEASE_SECONDS = 5 * 60;

/** How a write of a queue item is guarded (the store turns each into a ConditionExpression). */
export type ItemGuard =
  | { readonly kind: 'new' }
  | { readonly kind: 'version'; readonly version: number }
  /** Free to lease: open, no live lease, unchanged since read. */
  | { readonly kind: 'claimable'; readonly version: number; readonly now: string }
  /** Held by `holder` with a live lease, unchanged since they saw it. */
  | { readonly kind: 'leased'; readonly holder: string; readonly version: number; readonly now: string };

export const hasLiveLease = (item: { readonly lease: Lease | null }, now: Date): boolean =>
  item.lease !== null && Date.parse(item.lease.expiresAt) > now.getTime();

export const holdsLease = (item: { readonly lease: Lease | null }, caller: Caller, now: Date): boolean =>
  hasLiveLease(item, now) && item.lease!.holder === caller.memberId;

/** A lease for `caller` from `now`. */
export const leaseFor = (caller: Caller, now: Date, seconds = LEASE_SECONDS): Lease => ({
  holder: caller.memberId,
  expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
});

/**
 * Claims the first candidate the caller may take: candidates come most urgent first from the
 * store's claim indexes; `take` commits a lease under a `claimable` guard and answers whether it won.
 * Concurrent claimers race on that conditional write; the loser moves on to the next candidate.
 */
export async function claimFirst<T, R>(
  candidates: AsyncIterable<T>,
  mayTake: (candidate: T) => boolean,
  take: (candidate: T) => Promise<R | null>,
): Promise<R | null> {
  for await (const candidate of candidates) {
    if (!mayTake(candidate)) continue;
    const won = await take(candidate);
    if (won !== null) return won;
  }
  return null;
}
