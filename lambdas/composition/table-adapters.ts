/**
 * The table adapters of a Lambda container, each made once, on first use. A group's composition
 * (lambdas/composition/<group>.ts) takes only the ones it uses, so a bundle carries, and a container
 * builds, nothing another group needs (idempotency records are in idempotency-store.ts, for the same
 * reason). Only compositions import this; the domain never does.
 */
import { storageConfig, tableName } from '../config';
import { dynamoMemberStore } from '../store/dynamo-member-store';
import { documentClient } from '../store/dynamo-client';
import { dynamoModerationStore } from '../store/dynamo-moderation-store';
import { dynamoStore } from '../store/dynamo-store';

let store: ReturnType<typeof dynamoStore> | undefined;
let moderation: ReturnType<typeof dynamoModerationStore> | undefined;
let members: ReturnType<typeof dynamoMemberStore> | undefined;

/** Communities, posts, comments, reactions and rate windows. */
export const contentStore = () => (store ??= dynamoStore(documentClient, storageConfig().tableName));

/** The moderation queue, its audit log, policies and screening records. */
export const moderationStore = () => (moderation ??= dynamoModerationStore(documentClient, storageConfig().tableName));

/**
 * Members' states, sanctions, notes and records. Also what every group's sanction check reads, so it
 * needs only TABLE_NAME (groups with a narrow table grant have no idempotency table).
 */
export const memberStore = () => (members ??= dynamoMemberStore(documentClient, tableName()));
