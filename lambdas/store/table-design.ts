/**
 * The single table's key schema and its indexes, as plain data: the CDK stack and the local runtime
 * (which creates the table in DynamoDB Local) both build the table from this, so they cannot drift.
 * Every index is named after the question it answers. Key attributes are strings, except the sort
 * keys an index declares as numbers (counters that sort ideas).
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes the item some time after (rate-limit windows). */
  timeToLiveAttribute: 'expiresAt',
  indexes: {
    /** A community's published posts, newest first. Sparse: tombstones carry no feed keys. */
    byCommunityFeed: { partitionKey: 'feedPk', sortKey: 'feedSk' },
    /** The same feed restricted to one kind of post. */
    byCommunityKindFeed: { partitionKey: 'kindFeedPk', sortKey: 'feedSk' },
    /** A community's published questions with (or without) an accepted answer, newest first. */
    byAnsweredQuestions: { partitionKey: 'answeredPk', sortKey: 'feedSk' },
    /** A member's published posts, newest first. */
    byAuthor: { partitionKey: 'authorPk', sortKey: 'feedSk' },
    /** Posts that link a product (one link item per post and product), newest first. */
    byProduct: { partitionKey: 'productPk', sortKey: 'feedSk' },
    /** The directory of communities, by id. */
    byDirectory: { partitionKey: 'directoryPk', sortKey: 'directorySk' },
    /** Moderation items by status; open ones ordered by priority, then due time (the queue). */
    byModerationStatus: { partitionKey: 'modStatusPk', sortKey: 'modStatusSk' },
    /**
     * The same per community: a community's items of one status, open ones most urgent first, so a
     * community filter is a key condition (full pages, and claim-next for one community reads its
     * own head however long other communities' queues are).
     */
    byCommunityQueue: { partitionKey: 'communityQueuePk', sortKey: 'modStatusSk' },
    /** Open items nobody holds, most urgent first: the head is what claim-next leases. Sparse. */
    byClaimQueue: { partitionKey: 'claimPk', sortKey: 'claimSk' },
    /** Open items under a lease, by when it expires: the expired ones are free again. Sparse. */
    byLeaseExpiry: { partitionKey: 'leasePk', sortKey: 'leaseSk' },
    /**
     * Open items by when they started waiting, oldest first: the head is the stats' oldest waiting
     * item. Sparse, and keys only, so claims and releases (which change no key) never write to it.
     */
    byWaitingSince: { partitionKey: 'waitingPk', sortKey: 'waitingSk', projection: 'keys-only' },
    /** The audit log of one moderator, newest first. */
    byModerator: { partitionKey: 'moderatorPk', sortKey: 'auditSk' },
    /** Decisions made on one day (stats: time to decision, decisions per moderator). */
    byDecisionDay: { partitionKey: 'decisionDayPk', sortKey: 'auditSk' },
    /**
     * Who follows a post, product, community or idea: the audience a notification fans out to, a
     * page at a time. Sparse (an unfollow removes the keys), keys only (the member id is the sort key).
     */
    byFollowedTarget: { partitionKey: 'followersPk', sortKey: 'followersSk', projection: 'keys-only' },
    /**
     * Ideas by votes, most first: one partition per community and idea status. Keys only and sorted by
     * the tally's own `voteCount` (a number), so a vote's `ADD voteCount :1` moves the entry with no
     * read and rewrites nothing else (lambdas/store/entities/idea-tally.ts).
     */
    byIdeasTop: { partitionKey: 'ideasPk', sortKey: 'voteCount', sortKeyType: 'number', projection: 'keys-only' },
    /**
     * Lists of ideas, newest first: a community's board per status (tallies), a team's ideas per
     * status (assignments), a community's changelog (by ship time) and the merges still moving votes.
     * Keys only: votes never write to it.
     */
    byIdeasNewest: { partitionKey: 'ideasPk', sortKey: 'ideasNewestSk', projection: 'keys-only' },
    /** A community's ideas by votes in the 7 days up to a day, most first: one partition per community and day. */
    byIdeasTrending: { partitionKey: 'trendPk', sortKey: 'trendVotes', sortKeyType: 'number', projection: 'keys-only' },
    /** A member's votes (erasure, their vote budget), by idea. */
    byVoter: { partitionKey: 'voterPk', sortKey: 'voterSk', projection: 'keys-only' },
    /** A community's moderation audit by time: the ledger's handle times (claim to decision) for a period. */
    byCommunityAudit: { partitionKey: 'communityAuditPk', sortKey: 'auditSk' },
    /**
     * Everything stored about one member outside their own partition (their posts, comments,
     * reactions, reports, the queue items about their content), by kind: what a moderator's record,
     * an export and an erasure read. Keys only: its keys never change, so updates never write to it.
     */
    byMember: { partitionKey: 'memberPk', sortKey: 'memberSk', projection: 'keys-only' },
  },
} as const;

export type IndexName = keyof typeof tableDesign.indexes;

/** Every index projects all attributes unless it says `keys-only`. */
export const projectsKeysOnly = (index: IndexDesign): boolean => index.projection === 'keys-only';

/** One index of the design: key attributes are strings unless the sort key says `number`. */
export interface IndexDesign {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly sortKeyType?: 'number';
  readonly projection?: 'keys-only';
}

/** The DynamoDB attribute type of each key attribute of the table and its indexes (S unless an index sorts by a number). */
export function keyAttributeTypes(): ReadonlyMap<string, 'S' | 'N'> {
  const types = new Map<string, 'S' | 'N'>([
    [tableDesign.partitionKey, 'S'],
    [tableDesign.sortKey, 'S'],
  ]);
  for (const index of Object.values(tableDesign.indexes) as IndexDesign[]) {
    types.set(index.partitionKey, 'S');
    types.set(index.sortKey, index.sortKeyType === 'number' ? 'N' : 'S');
  }
  return types;
}

/**
 * Idempotency records (http/idempotency.ts, the records of Powertools for AWS Lambda idempotency) live in a table of their own, the
 * layout Powertools documents: partition key `id`, TTL `expiration`. Each record is keyed by the
 * caller and their Idempotency-Key, so records spread over partitions.
 */
export const idempotencyTableDesign = {
  partitionKey: 'id',
  timeToLiveAttribute: 'expiration',
} as const;

/**
 * Open WebSocket connections live in a table of their own, not in the single table: they are
 * ephemeral (hours at most), churn with every app start and network change, and are nobody's
 * record. Kept apart, they never reach the single table's stream (no publisher invocation per
 * connect, nothing the lake must ignore), need no point-in-time recovery, expire by their own TTL,
 * and the functions that hold sockets get a grant on this table only. Each socket is one item under
 * its member and one under each staff group of its member:
 *
 *   pk MEMBER#<memberId>   sk CONN#<connectionId>    (a member's devices: a few items)
 *   pk GROUP#<group>       sk CONN#<connectionId>    (moderators' sockets, for the queue's counts)
 */
export const liveConnectionsTableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds: API Gateway closes a socket after 2 hours, so an item whose $disconnect never came is reaped soon after. */
  timeToLiveAttribute: 'expiresAt',
} as const;
