/**
 * Member state: one small item per member, read (eventually consistent, 0.5 RRU) on every request
 * to enforce sanctions, and holding what trust is computed from. Created at the member's first
 * contribution, with the member's pseudonym key: the secret the archiver derives the lake's
 * `actor_id` from (HMAC-SHA256 of the member id). Erasure deletes the item, and with it the key.
 *
 *   pk MEMBER#<memberId>   sk STATE
 */
import { randomBytes } from 'node:crypto';
import type { MemberState } from '../../members/standing';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const memberPartition = (memberId: string): string => `MEMBER#${memberId}`;
export const memberStateKey = (memberId: string): Key => key(memberPartition(memberId), 'STATE');

/**
 * The fields every state has, each set only if absent: the first contribution creates the state with
 * its pseudonym key; a state a counter created first (content written before states existed) gets the rest.
 */
const ensureFields = 'SET #type = :type, memberId = :member, firstSeenAt = if_not_exists(firstSeenAt, :at), version = if_not_exists(version, :v1)';

/** Creates the state at the member's first contribution, pseudonym key included; changes nothing in one that exists. */
export const createMemberState = (table: string, memberId: string, at: string) => ({
  TableName: table,
  Key: memberStateKey(memberId),
  UpdateExpression: `${ensureFields}, pseudonymKey = if_not_exists(pseudonymKey, :key)`,
  ExpressionAttributeNames: { '#type': 'type' },
  ExpressionAttributeValues: {
    ':type': ITEM_TYPES.memberState,
    ':member': memberId,
    ':at': at,
    ':v1': 1,
    ':key': randomBytes(32).toString('base64'),
  },
});

export const getMemberState = (table: string, memberId: string, consistent: boolean) => getItem(table, memberStateKey(memberId), consistent);

export function toMemberState(item: StoredItem): MemberState & { readonly version: number } {
  const read = readItem(item, ITEM_TYPES.memberState);
  return {
    memberId: read.string('memberId'),
    firstSeenAt: read.string('firstSeenAt'),
    approvedContributions: read.optionalNumber('approvedContributions') ?? 0,
    sanctions: read.optionalMap<MemberState['sanctions']>('sanctions') ?? {},
    version: read.number('version'),
  };
}

/** The member's pseudonym key, if the item holds one. */
export const toPseudonymKey = (item: StoredItem): string | undefined => readItem(item, ITEM_TYPES.memberState).optionalString('pseudonymKey');

/**
 * Replaces the active sanctions if the state is still at `version` (a concurrent sanction retries).
 * No active sanction removes the attribute: the item never holds an empty map (DynamoDB Local's
 * stream writes one as an untyped `{}`, which no reader of the stream can unmarshall).
 */
export const setActiveSanctions = (table: string, memberId: string, sanctions: MemberState['sanctions'], version: number): TransactItem => {
  const none = Object.keys(sanctions).length === 0;
  return {
    Update: {
      TableName: table,
      Key: memberStateKey(memberId),
      UpdateExpression: none ? 'SET version = :next REMOVE sanctions' : 'SET sanctions = :sanctions, version = :next',
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ...(none ? {} : { ':sanctions': sanctions }), ':version': version, ':next': version + 1 },
    },
  };
};

/**
 * Marks an active sanction lifted (the next sanction prunes it): marked rather than removed, so the
 * map never becomes empty. Any version: the state may have moved meanwhile.
 */
export const liftActiveSanction = (table: string, memberId: string, sanctionId: string): TransactItem => ({
  Update: {
    TableName: table,
    Key: memberStateKey(memberId),
    UpdateExpression: 'SET sanctions.#id.lifted = :lifted, version = version + :one',
    ConditionExpression: 'attribute_exists(sanctions.#id)',
    ExpressionAttributeNames: { '#id': sanctionId },
    ExpressionAttributeValues: { ':lifted': true, ':one': 1 },
  },
});

/** One more approved contribution, in the transaction that publishes it. */
export const countApprovedContribution = (table: string, memberId: string, at: string): TransactItem => ({
  Update: {
    TableName: table,
    Key: memberStateKey(memberId),
    UpdateExpression: `${ensureFields} ADD approvedContributions :one`,
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': ITEM_TYPES.memberState, ':member': memberId, ':at': at, ':v1': 1, ':one': 1 },
  },
});
