/**
 * The lake's member ids are keyed pseudonyms: HMAC-SHA256 of the member id under the member's own
 * key (kept in their state item, created at their first contribution). The same member always gets
 * the same pseudonym, so analysts' joins work; erasure deletes the key, so no one can compute the
 * pseudonym again and every lake row of the member becomes unlinkable without rewriting an object
 * (crypto-shredding). Events whose member has no key (erased, or never contributed) get null.
 */
import { createHmac } from 'node:crypto';
import type { EventEnvelope } from './envelope';
import type { PseudonymKeys } from './ports';

/** The pseudonym of `memberId` under its key (base64): 43 URL-safe characters. */
export const pseudonymOf = (memberId: string, key: string): string => createHmac('sha256', Buffer.from(key, 'base64')).update(memberId).digest('base64url');

const memberOf = (event: EventEnvelope): string | null => (typeof event.data.member_id === 'string' ? event.data.member_id : null);

/** The events with every member id (actor_id, data.member_id) replaced by its pseudonym, or null without a key. */
export async function pseudonymise(keys: PseudonymKeys, events: readonly EventEnvelope[]): Promise<EventEnvelope[]> {
  const ids = [...new Set(events.flatMap((e) => [e.actor_id, memberOf(e)]).filter((id): id is string => id !== null))];
  const found = ids.length > 0 ? await keys.keysOf(ids) : new Map<string, string>();
  const alias = (id: string | null): string | null => {
    if (id === null) return null;
    const key = found.get(id);
    return key === undefined ? null : pseudonymOf(id, key);
  };
  return events.map((e) => {
    const member = memberOf(e);
    return { ...e, actor_id: alias(e.actor_id), ...(member !== null ? { data: { ...e.data, member_id: alias(member) } } : {}) };
  });
}
