/**
 * The table adapters of a Lambda container, each made once, on first use. A group's composition
 * (lambdas/composition/<group>.ts) takes only the ones it uses, so a bundle carries, and a container
 * builds, nothing another group needs (idempotency records are in idempotency-store.ts, for the same
 * reason). Only compositions import this; the domain never does. Every adapter needs only TABLE_NAME:
 * the idempotency table's name is read by idempotency-store.ts alone, since most functions have no
 * idempotency table (test/infra/composition-environment.test.ts builds each with its own variables).
 */
import { tableName } from '../config';
import { dynamoBrandReplyStore } from '../store/dynamo-brand-reply-store';
import { dynamoMemberStore } from '../store/dynamo-member-store';
import { documentClient } from '../store/dynamo-client';
import { dynamoDeskStore } from '../store/dynamo-desk-store';
import { withIdeaReads } from '../store/dynamo-idea-reads';
import { dynamoIdeaMerges } from '../store/dynamo-idea-merges';
import { dynamoIdeaStore } from '../store/dynamo-idea-store';
import { dynamoIdeaVotes } from '../store/dynamo-idea-votes';
import { dynamoIdeaWorkflow } from '../store/dynamo-idea-workflow';
import { dynamoModerationQueue } from '../store/dynamo-moderation-queue';
import { dynamoModerationStore } from '../store/dynamo-moderation-store';
import { dynamoReactionStore } from '../store/dynamo-reaction-store';
import { dynamoStandingStore } from '../store/dynamo-standing-store';
import { dynamoStore } from '../store/dynamo-store';

let store: ReturnType<typeof dynamoStore> | undefined;
let moderation: ReturnType<typeof dynamoModerationStore> | undefined;
let queue: ReturnType<typeof dynamoModerationQueue> | undefined;
let reactions: ReturnType<typeof dynamoReactionStore> | undefined;
let desk: ReturnType<typeof dynamoDeskStore> | undefined;
let ideas: ReturnType<typeof dynamoIdeaStore> | undefined;
let ideaVotes: ReturnType<typeof withIdeaReads<ReturnType<typeof dynamoIdeaVotes>>> | undefined;
let ideaWorkflow: ReturnType<typeof withIdeaReads<ReturnType<typeof dynamoIdeaWorkflow>>> | undefined;
let ideaMerges: ReturnType<typeof withIdeaReads<ReturnType<typeof dynamoIdeaMerges>>> | undefined;
let members: ReturnType<typeof dynamoMemberStore> | undefined;
let standing: ReturnType<typeof dynamoStandingStore> | undefined;
let brandReplies: ReturnType<typeof dynamoBrandReplyStore> | undefined;

/** Communities, posts, comments, reactions and rate windows. */
export const contentStore = () => (store ??= dynamoStore(documentClient, tableName()));

/** The moderation queue, its audit log, policies and screening records. */
export const moderationStore = () => (moderation ??= dynamoModerationStore(documentClient, tableName()));
/** One queue item's work without the content (the members group's sanction appeals). */
export const moderationQueue = () => (queue ??= dynamoModerationQueue(documentClient, tableName()));

/** Reactions alone: what the reactions group writes, without the other items' modules. */
export const reactionStore = () => (reactions ??= dynamoReactionStore(documentClient, tableName()));
/** The response desk: desk items, their counters and response policies. */
export const deskStore = () => (desk ??= dynamoDeskStore(documentClient, tableName()));
/** Every idea item: votes, tallies, boards, assignments, timelines, the changelog, merge and settle jobs (the posts group, the ideas worker). */
export const ideaStore = () => (ideas ??= dynamoIdeaStore(documentClient, tableName()));
/** The ideas group's: tallies, votes and the board, without the workflow's writes. */
export const ideaVoteStore = () => (ideaVotes ??= withIdeaReads(documentClient, tableName(), dynamoIdeaVotes));
/** The idea-workflow group's: owner teams, timelines, the changelog, partners' lists, settings. */
export const ideaWorkflowStore = () => (ideaWorkflow ??= withIdeaReads(documentClient, tableName(), dynamoIdeaWorkflow));
/** The idea-merges group's: merge jobs and their steps. */
export const ideaMergeStore = () => (ideaMerges ??= withIdeaReads(documentClient, tableName(), dynamoIdeaMerges));
/** What every group's sanction check reads (the caller's state item), without the rest of the member store. */
export const standingStore = () => (standing ??= dynamoStandingStore(documentClient, tableName()));
/** Members' states, sanctions, notes and records. */
export const memberStore = () => (members ??= dynamoMemberStore(documentClient, tableName()));
/** The brand's replies to reviews: the posts group's only. */
export const brandReplyStore = () => (brandReplies ??= dynamoBrandReplyStore(documentClient, tableName()));
