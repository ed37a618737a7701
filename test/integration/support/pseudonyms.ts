/** The lake's id of a member: the keyed pseudonym the archiver writes (lambdas/analytics/pseudonyms.ts), from their key in the table. */
import { pseudonymOf } from '../../../lambdas/analytics/pseudonyms';
import { storageConfig } from '../../../lambdas/config';
import { documentClient } from '../../../lambdas/store/dynamo-client';
import { dynamoPseudonymKeys } from '../../../lambdas/store/dynamo-pseudonym-keys';

/** The member's pseudonym, or null when they have no key (never contributed, or erased). */
export async function lakeIdOf(memberId: string): Promise<string | null> {
  const key = (await dynamoPseudonymKeys(documentClient, storageConfig().tableName).keysOf([memberId])).get(memberId);
  return key === undefined ? null : pseudonymOf(memberId, key);
}
