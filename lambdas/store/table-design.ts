/**
 * The single table's key schema and its indexes, as plain data: the CDK stack and the local runtime
 * (which creates the table in DynamoDB Local) both build the table from this, so they cannot drift.
 * Every index is named after the question it answers. All key attributes are strings.
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
     * Everything stored about one member outside their own partition (their posts, comments,
     * reactions, reports, the queue items about their content), by kind: what a moderator's record,
     * an export and an erasure read. Keys only: its keys never change, so updates never write to it.
     */
    byMember: { partitionKey: 'memberPk', sortKey: 'memberSk', projection: 'keys-only' },
  },
} as const;

export type IndexName = keyof typeof tableDesign.indexes;

/** Every index projects all attributes unless it says `keys-only`. */
export const projectsKeysOnly = (index: { readonly partitionKey: string; readonly sortKey: string; readonly projection?: 'keys-only' }): boolean =>
  index.projection === 'keys-only';

/**
 * Idempotency records (Powertools for AWS Lambda idempotency) live in a table of their own, the
 * layout Powertools documents: partition key `id`, TTL `expiration`. Each record is keyed by the
 * caller and their Idempotency-Key, so records spread over partitions.
 */
export const idempotencyTableDesign = {
  partitionKey: 'id',
  timeToLiveAttribute: 'expiration',
} as const;
