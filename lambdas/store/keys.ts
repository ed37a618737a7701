/**
 * The single table's layout, in one place: key builders per entity, item <-> domain mappers, and one
 * function per access pattern returning the command input. These are data; test/unit checks them
 * without sending them.
 *
 *   entity            pk                          sk                          index keys
 *   community         COMMUNITY#<id>              COMMUNITY                   byDirectory
 *   post              POST#<postId>               POST                        byCommunityFeed, byCommunityKindFeed, byAuthor (only while published)
 *   post revision     POST#<postId>               REVISION#<version, 6 digits>
 *   product link      POST#<postId>               PRODUCT#<productId>         byProduct (only while the post is published)
 *   product summary   PRODUCT#<productId>         SUMMARY
 *   comment           POST#<postId>               COMMENT#<commentId>
 *   reaction          POST#<postId>               REACTION#<reaction>#<memberId>
 *   rate window       RATE#<action>#<scope>#<member>  WINDOW#<epoch seconds>  (TTL)
 */
import type {
  DeleteCommandInput,
  GetCommandInput,
  QueryCommandInput,
  TransactWriteCommandInput,
  UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, ItemStatus, ModerationPolicy } from '../api/moderation-schemas';
import type { Comment, Community, Post, PostKind, PostRevision, Reaction } from '../api/schemas';
import type { CommunityRecord, ScreeningWrites } from '../domain/ports';
import type { AuditWrite, ItemGuard, ModerationPlan, PlanPart } from '../moderation/plan';
import { isDecision } from '../moderation/decisions';
import { reviewSummaryDeltas } from '../posts/review-summary';
import { isOpen, urgencyOf, type QueueItem } from '../moderation/queue';
import type { ListRef, StartKey } from './cursor';
import { tableDesign, type IndexName } from './table-design';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown>;

const { partitionKey: PK, sortKey: SK, timeToLiveAttribute: TTL } = tableDesign;
const idx = tableDesign.indexes;

export const keys = {
  community: (communityId: string) => ({ [PK]: `COMMUNITY#${communityId}`, [SK]: 'COMMUNITY' }),
  post: (postId: string) => ({ [PK]: `POST#${postId}`, [SK]: 'POST' }),
  revision: (postId: string, version: number) => ({ [PK]: `POST#${postId}`, [SK]: `REVISION#${String(version).padStart(6, '0')}` }),
  productLink: (postId: string, productId: string) => ({ [PK]: `POST#${postId}`, [SK]: `PRODUCT#${productId}` }),
  productSummary: (productId: string) => ({ [PK]: `PRODUCT#${productId}`, [SK]: 'SUMMARY' }),
  comment: (postId: string, commentId: string) => ({ [PK]: `POST#${postId}`, [SK]: `COMMENT#${commentId}` }),
  reaction: (postId: string, reaction: Reaction, memberId: string) => ({ [PK]: `POST#${postId}`, [SK]: `REACTION#${reaction}#${memberId}` }),
  rateWindow: (action: string, scope: string, memberId: string, windowStart: number) => ({
    [PK]: `RATE#${action}#${scope}#${memberId}`,
    [SK]: `WINDOW#${windowStart}`,
  }),
} as const;

const DIRECTORY = 'COMMUNITIES';
const feedPk = (communityId: string) => `COMMUNITY#${communityId}`;
const kindFeedPk = (communityId: string, kind: PostKind) => `COMMUNITY#${communityId}#KIND#${kind}`;
const authorPk = (memberId: string) => `MEMBER#${memberId}`;
const productPk = (productId: string) => `PRODUCT#${productId}`;

// ---------------------------------------------------------------------------------------------
// Lists: every list is one Query on an index named after it.

const listOf = (index: IndexName, id: string, partitionValue: string): ListRef => ({
  id,
  keyAttributes: [PK, SK, idx[index].partitionKey, idx[index].sortKey],
  partition: { attribute: idx[index].partitionKey, value: partitionValue },
});

export const lists = {
  directory: (): ListRef => listOf('byDirectory', 'directory', DIRECTORY),
  communityFeed: (communityId: string, kind: PostKind | undefined): ListRef =>
    kind
      ? listOf('byCommunityKindFeed', `feed#${communityId}#${kind}`, kindFeedPk(communityId, kind))
      : listOf('byCommunityFeed', `feed#${communityId}`, feedPk(communityId)),
  memberFeed: (memberId: string): ListRef => listOf('byAuthor', `member#${memberId}`, authorPk(memberId)),
  productFeed: (productId: string, kind: PostKind | undefined): ListRef =>
    listOf('byProduct', `product#${productId}${kind ? `#${kind}` : ''}`, productPk(productId)),
  revisions: (postId: string): ListRef => ({
    id: `revisions#${postId}`,
    keyAttributes: [PK, SK],
    partition: { attribute: PK, value: `POST#${postId}` },
  }),
  comments: (postId: string): ListRef => ({
    id: `comments#${postId}`,
    keyAttributes: [PK, SK],
    partition: { attribute: PK, value: `POST#${postId}` },
  }),
};

const indexQuery = (table: string, index: IndexName, list: ListRef, limit: number, start: StartKey | undefined, newestFirst: boolean): QueryCommandInput => ({
  TableName: table,
  IndexName: index,
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': idx[index].partitionKey },
  ExpressionAttributeValues: { ':pk': list.partition.value },
  ScanIndexForward: !newestFirst,
  Limit: limit,
  ExclusiveStartKey: start,
});

/** Items of one kind under a post: one partition, one sort-key prefix. */
const itemCollection = (table: string, postId: string, prefix: string, limit: number, start: StartKey | undefined, newestFirst: boolean): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
  ExpressionAttributeValues: { ':pk': `POST#${postId}`, ':prefix': prefix },
  ScanIndexForward: !newestFirst,
  Limit: limit,
  ExclusiveStartKey: start,
});

export const queries = {
  directory: (table: string, limit: number, start?: StartKey) => indexQuery(table, 'byDirectory', lists.directory(), limit, start, false),
  communityFeed: (table: string, communityId: string, kind: PostKind | undefined, limit: number, start?: StartKey) =>
    indexQuery(table, kind ? 'byCommunityKindFeed' : 'byCommunityFeed', lists.communityFeed(communityId, kind), limit, start, true),
  memberFeed: (table: string, memberId: string, limit: number, start?: StartKey) =>
    indexQuery(table, 'byAuthor', lists.memberFeed(memberId), limit, start, true),
  /** Product links carry the post's kind, so one kind is a filter on the same partition. */
  productFeed: (table: string, productId: string, kind: PostKind | undefined, limit: number, start?: StartKey): QueryCommandInput => {
    const input = indexQuery(table, 'byProduct', lists.productFeed(productId, kind), limit, start, true);
    if (!kind) return input;
    return {
      ...input,
      FilterExpression: '#kind = :kind',
      ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#kind': 'kind' },
      ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':kind': kind },
    };
  },
  comments: (table: string, postId: string, limit: number, start?: StartKey) => itemCollection(table, postId, 'COMMENT#', limit, start, false),
  revisions: (table: string, postId: string, limit: number, start?: StartKey) => itemCollection(table, postId, 'REVISION#', limit, start, true),
};

// ---------------------------------------------------------------------------------------------
// Communities

export const communityItem = (c: Community): Item => ({
  ...keys.community(c.communityId),
  type: 'community',
  [idx.byDirectory.partitionKey]: DIRECTORY,
  [idx.byDirectory.sortKey]: c.communityId,
  ...c,
});

export const toCommunity = (item: Item): Community => ({
  communityId: item.communityId as string,
  name: item.name as string,
  description: item.description as string,
  rateLimits: item.rateLimits as Community['rateLimits'],
  createdAt: item.createdAt as string,
  createdBy: item.createdBy as string,
});

export const toCommunityRecord = (item: Item): CommunityRecord => ({
  ...toCommunity(item),
  ...(item.moderationPolicy ? { moderationPolicy: item.moderationPolicy as ModerationPolicy } : {}),
});

export const putCommunity = (table: string, c: Community) => ({
  TableName: table,
  Item: communityItem(c),
  ConditionExpression: 'attribute_not_exists(#pk)',
  ExpressionAttributeNames: { '#pk': PK },
});

export const getItem = (table: string, key: Record<string, string>, consistent = false): GetCommandInput => ({
  TableName: table,
  Key: key,
  ConsistentRead: consistent,
});

// ---------------------------------------------------------------------------------------------
// Posts

const POST_FIELDS = [
  'postId', 'communityId', 'kind', 'title', 'body', 'productIds', 'tags', 'rating', 'ideaStatus', 'authorId',
  'authorName', 'status', 'moderation', 'version', 'commentCount', 'reactionCounts', 'createdAt', 'updatedAt', 'deletedAt',
] as const satisfies readonly (keyof Post)[];

/** Index keys a post carries while it is published: feeds are sparse indexes, tombstones drop out. */
const feedKeys = (p: Post): Item =>
  p.status === 'published'
    ? {
        [idx.byCommunityFeed.partitionKey]: feedPk(p.communityId),
        [idx.byCommunityKindFeed.partitionKey]: kindFeedPk(p.communityId, p.kind),
        [idx.byAuthor.partitionKey]: authorPk(p.authorId),
        [idx.byCommunityFeed.sortKey]: p.postId,
      }
    : {};

export const postItem = (p: Post): Item => ({ ...keys.post(p.postId), type: 'post', ...feedKeys(p), ...p });

export const toPost = (item: Item): Post => {
  const post: Record<string, unknown> = {};
  for (const field of POST_FIELDS) if (item[field] !== undefined) post[field] = item[field];
  return post as Post;
};

const productLinkItem = (p: Post, productId: string): Item => ({
  ...keys.productLink(p.postId, productId),
  type: 'product-link',
  [idx.byProduct.partitionKey]: productPk(productId),
  [idx.byProduct.sortKey]: p.postId,
  postId: p.postId,
  productId,
  kind: p.kind,
});

const summaryDeltas = (before: Post | undefined, after: Post | undefined): TransactItem[] =>
  reviewSummaryDeltas(before, after).map((d) => ({
    Update: {
      TableName: '',
      Key: keys.productSummary(d.productId),
      UpdateExpression: 'ADD reviewCount :count, ratingSum :sum SET #type = :type, productId = :productId',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':count': d.count, ':sum': d.ratingSum, ':type': 'product-summary', ':productId': d.productId },
    },
  }));

/** Product link changes between two states of a post (links exist only while it is published). */
const linkChanges = (before: Post | undefined, after: Post | undefined): TransactItem[] => {
  const linked = (p: Post | undefined) => new Set(p && p.status === 'published' ? p.productIds : []);
  const was = linked(before);
  const is = linked(after);
  const items: TransactItem[] = [];
  for (const productId of was) if (!is.has(productId)) items.push({ Delete: { TableName: '', Key: keys.productLink(before!.postId, productId) } });
  for (const productId of is) {
    // Put also refreshes a kept link; links are tiny and this keeps their kind in step.
    if (!was.has(productId) || before?.kind !== after!.kind) items.push({ Put: { TableName: '', Item: productLinkItem(after!, productId) } });
  }
  return items;
};

const inTable = (table: string, items: TransactItem[]): TransactItem[] =>
  items.map((item) => {
    const [op, input] = Object.entries(item)[0] as [string, { TableName: string }];
    return { [op]: { ...input, TableName: table } } as TransactItem;
  });

export const createPostTransaction = (table: string, p: Post): TransactWriteCommandInput => ({
  TransactItems: inTable(table, [
    { Put: { TableName: '', Item: postItem(p), ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } } },
    { ConditionCheck: { TableName: '', Key: keys.community(p.communityId), ConditionExpression: 'attribute_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } } },
    ...linkChanges(undefined, p),
    ...summaryDeltas(undefined, p),
  ]),
});

const EDITABLE = ['title', 'body', 'productIds', 'tags', 'rating', 'ideaStatus', 'status', 'moderation', 'deletedAt'] as const;

/**
 * Moves a post from `before` to `after` if nobody changed it meanwhile (its version), with the
 * revision, the links and the review summaries in the same transaction. Counters (comments,
 * reactions) are not touched: they change concurrently through ADD.
 */
export const changePostTransaction = (table: string, before: Post, after: Post, keepRevision: boolean): TransactWriteCommandInput => {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':expected': before.version, ':version': after.version, ':updatedAt': after.updatedAt };
  const set = ['#version = :version', '#updatedAt = :updatedAt'];
  const remove: string[] = [];
  for (const field of EDITABLE) {
    if (after[field] !== undefined) {
      names[`#${field}`] = field;
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = after[field];
    } else if (before[field] !== undefined) {
      names[`#${field}`] = field;
      remove.push(`#${field}`);
    }
  }
  // Feeds are sparse indexes: a post enters them when it becomes published and leaves when it stops.
  const wasPublished = before.status === 'published';
  const isPublished = after.status === 'published';
  if (isPublished && !wasPublished) {
    for (const [attribute, value] of Object.entries(feedKeys(after))) {
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      set.push(`#${attribute} = :${attribute}`);
    }
  } else if (wasPublished && !isPublished) {
    for (const attribute of Object.keys(feedKeys(before))) {
      names[`#${attribute}`] = attribute;
      remove.push(`#${attribute}`);
    }
  }
  const update: TransactItem = {
    Update: {
      TableName: '',
      Key: keys.post(before.postId),
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
  const revision: TransactItem[] = keepRevision
    ? [{
        Put: {
          TableName: '',
          Item: {
            ...keys.revision(before.postId, before.version),
            type: 'post-revision',
            postId: before.postId,
            version: before.version,
            title: before.title,
            body: before.body,
            productIds: before.productIds,
            tags: before.tags,
            rating: before.rating,
            revisedAt: after.updatedAt,
          },
        },
      }]
    : [];
  return { TransactItems: inTable(table, [update, ...revision, ...linkChanges(before, after), ...summaryDeltas(before, after)]) };
};

export const toRevision = (item: Item): PostRevision => ({
  postId: item.postId as string,
  version: item.version as number,
  title: item.title as string,
  body: item.body as string,
  productIds: item.productIds as string[],
  tags: item.tags as string[],
  ...(item.rating !== undefined ? { rating: item.rating as number } : {}),
  revisedAt: item.revisedAt as string,
});

export const getPostsByIds = (table: string, postIds: readonly string[]) => ({
  RequestItems: { [table]: { Keys: postIds.map((id) => keys.post(id)) } },
});

// ---------------------------------------------------------------------------------------------
// Comments

export const commentItem = (c: Comment): Item => ({ ...keys.comment(c.postId, c.commentId), type: 'comment', ...c });

export const toComment = (item: Item): Comment => ({
  commentId: item.commentId as string,
  postId: item.postId as string,
  parentCommentId: (item.parentCommentId as string | null | undefined) ?? null,
  depth: item.depth as number,
  status: (item.status as Comment['status'] | undefined) ?? 'published',
  ...(item.moderation ? { moderation: item.moderation as Comment['moderation'] } : {}),
  body: item.body as string,
  authorId: item.authorId as string,
  authorName: item.authorName as string,
  deleted: item.deleted as boolean,
  createdAt: item.createdAt as string,
});

const publishedPostCheck = (table: string, postId: string) => ({
  TableName: table,
  Key: keys.post(postId),
  ConditionExpression: '#status = :published',
  ExpressionAttributeNames: { '#status': 'status' },
  ExpressionAttributeValues: { ':published': 'published' },
});

export const createCommentTransaction = (table: string, c: Comment): TransactWriteCommandInput => ({
  TransactItems: [
    { Put: { TableName: table, Item: commentItem(c), ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } } },
    // Only published comments count; a held one counts once a moderator approves it.
    c.status === 'published'
      ? { Update: { ...publishedPostCheck(table, c.postId), UpdateExpression: 'ADD commentCount :one', ExpressionAttributeValues: { ':published': 'published', ':one': 1 } } }
      : { ConditionCheck: publishedPostCheck(table, c.postId) },
    ...(c.parentCommentId
      ? [{
          ConditionCheck: {
            TableName: table,
            Key: keys.comment(c.postId, c.parentCommentId),
            ConditionExpression: 'attribute_exists(#pk) AND deleted = :false',
            ExpressionAttributeNames: { '#pk': PK },
            ExpressionAttributeValues: { ':false': false },
          },
        }]
      : []),
  ],
});

export const deleteCommentTransaction = (table: string, c: Comment, deletedAt: string): TransactWriteCommandInput => ({
  TransactItems: [
    {
      Update: {
        TableName: table,
        Key: keys.comment(c.postId, c.commentId),
        UpdateExpression: 'SET deleted = :true, body = :empty, deletedAt = :at',
        ConditionExpression: 'deleted = :false',
        ExpressionAttributeValues: { ':true': true, ':false': false, ':empty': '', ':at': deletedAt },
      },
    },
    ...(c.status === 'published'
      ? [{ Update: { TableName: table, Key: keys.post(c.postId), UpdateExpression: 'ADD commentCount :minusOne', ExpressionAttributeValues: { ':minusOne': -1 } } }]
      : []),
  ],
});

// ---------------------------------------------------------------------------------------------
// Reactions: one item per member and reaction; the post's count moves in the same transaction.

export const addReactionTransaction = (table: string, postId: string, reaction: Reaction, memberId: string, at: string): TransactWriteCommandInput => ({
  TransactItems: [
    {
      Put: {
        TableName: table,
        Item: { ...keys.reaction(postId, reaction, memberId), type: 'reaction', postId, reaction, memberId, createdAt: at },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK },
      },
    },
    {
      Update: {
        ...publishedPostCheck(table, postId),
        UpdateExpression: 'ADD reactionCounts.#reaction :one',
        ExpressionAttributeNames: { '#status': 'status', '#reaction': reaction },
        ExpressionAttributeValues: { ':published': 'published', ':one': 1 },
      },
    },
  ],
});

export const removeReactionTransaction = (table: string, postId: string, reaction: Reaction, memberId: string): TransactWriteCommandInput => ({
  TransactItems: [
    {
      Delete: {
        TableName: table,
        Key: keys.reaction(postId, reaction, memberId),
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK },
      } satisfies DeleteCommandInput,
    },
    {
      Update: {
        TableName: table,
        Key: keys.post(postId),
        UpdateExpression: 'ADD reactionCounts.#reaction :minusOne',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK, '#reaction': reaction },
        ExpressionAttributeValues: { ':minusOne': -1 },
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Rate limiting: a fixed window counter per member, action and scope, counted with ADD.

export const consumeRateWindow = (
  table: string,
  key: { action: string; scope: string; memberId: string },
  limit: number,
  windowStart: number,
  windowSeconds: number,
): UpdateCommandInput => ({
  TableName: table,
  Key: keys.rateWindow(key.action, key.scope, key.memberId, windowStart),
  UpdateExpression: 'ADD hits :one SET #ttl = :expiresAt',
  ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
  ExpressionAttributeNames: { '#ttl': TTL },
  ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expiresAt': windowStart + windowSeconds * 2 },
});


// ---------------------------------------------------------------------------------------------
// Moderation: queue items, reports and audit entries live under MODITEM#<itemId>.
//
//   queue item        MODITEM#<itemId>            ITEM                 byModerationStatus
//   report            MODITEM#<itemId>            REPORT#<memberId>    (one per member and target)
//   audit entry       MODITEM#<itemId>            AUDIT#<ulid>         byModerator, byDecisionDay (decisions)
//   member in a community  MEMBER#<memberId>      COMMUNITY#<communityId>   (posts made: new-member rule)
//   content fingerprint    CONTENT#<memberId>#<sha256>  CONTENT       (TTL a day: repeated-content rule)

export const moderationKeys = {
  item: (itemId: string) => ({ [PK]: `MODITEM#${itemId}`, [SK]: 'ITEM' }),
  report: (itemId: string, memberId: string) => ({ [PK]: `MODITEM#${itemId}`, [SK]: `REPORT#${memberId}` }),
  audit: (itemId: string, auditId: string) => ({ [PK]: `MODITEM#${itemId}`, [SK]: `AUDIT#${auditId}` }),
  memberInCommunity: (memberId: string, communityId: string) => ({ [PK]: `MEMBER#${memberId}`, [SK]: `COMMUNITY#${communityId}` }),
  fingerprint: (memberId: string, hash: string) => ({ [PK]: `CONTENT#${memberId}#${hash}`, [SK]: 'CONTENT' }),
} as const;


export const queueItemRecord = (item: QueueItem): Item => {
  const { lease, ...rest } = item;
  const urgency = urgencyOf(item);
  // An open item sits in exactly one of the claim indexes: free ones in the queue, leased ones by
  // expiry, so claim-next reads only items it could take, however many leases are live.
  const claimKeys = !isOpen(item.status)
    ? {}
    : lease
      ? { [idx.byLeaseExpiry.partitionKey]: `LEASED#${item.status}`, [idx.byLeaseExpiry.sortKey]: `${lease.expiresAt}#${urgency}` }
      : { [idx.byClaimQueue.partitionKey]: `CLAIM#${item.status}`, [idx.byClaimQueue.sortKey]: urgency };
  return {
    ...claimKeys,
    ...moderationKeys.item(item.itemId),
    type: 'moderation-item',
    ...rest,
    ...(lease ? { leaseHolder: lease.holder, leaseExpiresAt: lease.expiresAt } : {}),
    [idx.byModerationStatus.partitionKey]: `MODSTATUS#${item.status}`,
    // Open items sort by priority, then due time: the head of the partition is the most urgent.
    // Closed ones sort by when they were decided.
    [idx.byModerationStatus.sortKey]: isOpen(item.status) ? urgency : `${item.lastDecision?.decidedAt ?? item.createdAt}#${item.itemId}`,
  };
};

const QUEUE_ITEM_FIELDS = [
  'itemId', 'kind', 'queue', 'status', 'priority', 'communityId', 'postId', 'commentId', 'postKind', 'authorId', 'excerpt', 'rule',
  'reasons', 'reportCount', 'reportTexts', 'appealText', 'rejectedBy', 'createdAt', 'dueAt', 'version', 'lastDecision',
] as const;

export const toQueueItem = (item: Item): QueueItem => {
  const out: Record<string, unknown> = {};
  for (const field of QUEUE_ITEM_FIELDS) out[field] = item[field] ?? null;
  out.lease = item.leaseHolder ? { holder: item.leaseHolder, expiresAt: item.leaseExpiresAt } : null;
  return out as QueueItem;
};

export const toAuditEntry = (item: Item): AuditEntry => ({
  itemId: item.itemId as string,
  at: item.at as string,
  actorId: item.actorId as string,
  action: item.action as AuditEntry['action'],
  reasonCode: (item.reasonCode as AuditEntry['reasonCode']) ?? null,
  note: (item.note as string | null) ?? null,
  statusBefore: item.statusBefore as AuditEntry['statusBefore'],
  statusAfter: item.statusAfter as AuditEntry['statusAfter'],
});



const guardCondition = (guard: ItemGuard): { ConditionExpression: string; names: Record<string, string>; values: Record<string, unknown> } => {
  switch (guard.kind) {
    case 'new':
      return { ConditionExpression: 'attribute_not_exists(#pk)', names: { '#pk': PK }, values: {} };
    case 'version':
      return { ConditionExpression: '#version = :expected', names: { '#version': 'version' }, values: { ':expected': guard.version } };
    case 'claimable':
      return {
        ConditionExpression: '#version = :expected AND #status IN (:pending, :escalated) AND (attribute_not_exists(leaseExpiresAt) OR leaseExpiresAt <= :now)',
        names: { '#version': 'version', '#status': 'status' },
        values: { ':expected': guard.version, ':pending': 'pending', ':escalated': 'escalated', ':now': guard.now },
      };
    case 'leased':
      return {
        ConditionExpression: '#version = :expected AND leaseHolder = :holder AND leaseExpiresAt > :now',
        names: { '#version': 'version' },
        values: { ':expected': guard.version, ':holder': guard.holder, ':now': guard.now },
      };
  }
};

const auditRecord = ({ entry, auditId, waitedSeconds }: AuditWrite): Item => {
  return {
    ...moderationKeys.audit(entry.itemId, auditId),
    type: 'moderation-audit',
    ...entry,
    [idx.byModerator.partitionKey]: `MODERATOR#${entry.actorId}`,
    [idx.byModerator.sortKey]: `${entry.at}#${auditId}`,
    ...(isDecision(entry.action) ? { [idx.byDecisionDay.partitionKey]: `DECISIONS#${entry.at.slice(0, 10)}`, waitedSeconds } : {}),
  };
};

/** The transaction for a plan, and which part each of its items belongs to (for cancellation reasons). */
export function moderationTransaction(table: string, plan: ModerationPlan): { input: TransactWriteCommandInput; parts: PlanPart[] } {
  const items: TransactItem[] = [];
  const parts: PlanPart[] = [];
  const add = (part: PlanPart, ...more: TransactItem[]) => {
    items.push(...more);
    parts.push(...more.map(() => part));
  };
  if (plan.item) {
    const { ConditionExpression, names, values } = guardCondition(plan.item.guard);
    add('item', {
      Put: {
        TableName: table,
        Item: queueItemRecord(plan.item.next),
        ConditionExpression,
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      },
    });
  }
  if (plan.report) {
    add('report', {
      Put: {
        TableName: table,
        Item: { ...moderationKeys.report(plan.report.itemId, plan.report.memberId), type: 'report', ...plan.report },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK },
      },
    });
  }
  if (plan.post) add('post', ...changePostTransaction(table, plan.post.before, plan.post.after, false).TransactItems!);
  if (plan.comment) {
    const { before, after } = plan.comment;
    add('comment', {
      Update: {
        TableName: table,
        Key: keys.comment(before.postId, before.commentId),
        UpdateExpression: after.moderation ? 'SET #status = :after, moderation = :moderation' : 'SET #status = :after REMOVE moderation',
        ConditionExpression: '#status = :before AND deleted = :false',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':after': after.status, ':before': before.status, ':false': false, ...(after.moderation ? { ':moderation': after.moderation } : {}) },
      },
    });
    const delta = (after.status === 'published' ? 1 : 0) - (before.status === 'published' ? 1 : 0);
    if (delta !== 0) {
      add('comment', { Update: { TableName: table, Key: keys.post(before.postId), UpdateExpression: 'ADD commentCount :delta', ExpressionAttributeValues: { ':delta': delta } } });
    }
  }
  for (const audit of plan.audits ?? []) add('audit', { Put: { TableName: table, Item: auditRecord(audit) } });
  return { input: { TransactItems: items }, parts };
}

export const moderationQueries = {
  /** The head of an open queue: items nobody holds, most urgent first. */
  queueHead: (table: string, status: 'pending' | 'escalated', limit: number, start?: StartKey, communityId?: string): QueryCommandInput => ({
    TableName: table,
    IndexName: 'byClaimQueue',
    KeyConditionExpression: '#pk = :pk',
    ...(communityId ? { FilterExpression: 'communityId = :community' } : {}),
    ExpressionAttributeNames: { '#pk': idx.byClaimQueue.partitionKey },
    ExpressionAttributeValues: { ':pk': `CLAIM#${status}`, ...(communityId ? { ':community': communityId } : {}) },
    Limit: limit,
    ExclusiveStartKey: start,
  }),
  /** Items whose lease expired before `now`, soonest expired first: free again without any job. */
  expiredLeases: (table: string, status: 'pending' | 'escalated', now: string, limit: number, start?: StartKey, communityId?: string): QueryCommandInput => ({
    TableName: table,
    IndexName: 'byLeaseExpiry',
    KeyConditionExpression: '#pk = :pk AND #sk < :now',
    ...(communityId ? { FilterExpression: 'communityId = :community' } : {}),
    ExpressionAttributeNames: { '#pk': idx.byLeaseExpiry.partitionKey, '#sk': idx.byLeaseExpiry.sortKey },
    ExpressionAttributeValues: { ':pk': `LEASED#${status}`, ':now': now, ...(communityId ? { ':community': communityId } : {}) },
    Limit: limit,
    ExclusiveStartKey: start,
  }),
  byStatus: (
    table: string,
    status: string,
    filters: { priority?: string | undefined; communityId?: string | undefined; kind?: string | undefined; reason?: string | undefined },
    limit: number,
    start?: StartKey,
  ): QueryCommandInput => {
    const names: Record<string, string> = { '#pk': idx.byModerationStatus.partitionKey };
    const values: Record<string, unknown> = { ':pk': `MODSTATUS#${status}` };
    const conditions: string[] = [];
    for (const field of ['priority', 'communityId', 'kind'] as const) {
      if (filters[field] !== undefined) {
        names[`#${field}`] = field;
        values[`:${field}`] = filters[field];
        conditions.push(`#${field} = :${field}`);
      }
    }
    if (filters.reason !== undefined) {
      names['#reasons'] = 'reasons';
      names['#reason'] = filters.reason;
      conditions.push('attribute_exists(#reasons.#reason)');
    }
    return {
      TableName: table,
      IndexName: 'byModerationStatus',
      KeyConditionExpression: '#pk = :pk',
      ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: isOpen(status as ItemStatus),
      Limit: limit,
      ExclusiveStartKey: start,
    };
  },
  auditOfItem: (table: string, itemId: string, limit: number, start?: StartKey): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :audit)',
    ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
    ExpressionAttributeValues: { ':pk': `MODITEM#${itemId}`, ':audit': 'AUDIT#' },
    Limit: limit,
    ExclusiveStartKey: start,
  }),
  auditOfModerator: (table: string, moderatorId: string, limit: number, start?: StartKey) =>
    indexQuery(table, 'byModerator', moderationLists.auditOfModerator(moderatorId), limit, start, true),
  decisionsOn: (table: string, day: string, start?: StartKey): QueryCommandInput => ({
    TableName: table,
    IndexName: 'byDecisionDay',
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': idx.byDecisionDay.partitionKey },
    ExpressionAttributeValues: { ':pk': `DECISIONS#${day}` },
    ExclusiveStartKey: start,
  }),
};

export const moderationLists = {
  byStatus: (status: string, filterTag: string): ListRef => listOf('byModerationStatus', `moderation#${status}#${filterTag}`, `MODSTATUS#${status}`),
  auditOfItem: (itemId: string): ListRef => ({ id: `audit#${itemId}`, keyAttributes: [PK, SK], partition: { attribute: PK, value: `MODITEM#${itemId}` } }),
  auditOfModerator: (moderatorId: string): ListRef => listOf('byModerator', `audit-moderator#${moderatorId}`, `MODERATOR#${moderatorId}`),
};

/** The writes screening adds to a create or edit. */
export function screeningItems(table: string, writes: ScreeningWrites | undefined, author: { memberId: string; communityId: string }): TransactItem[] {
  if (!writes) return [];
  const items: TransactItem[] = [];
  if (writes.item) items.push(...moderationTransaction(table, { item: writes.item }).input.TransactItems!);
  if (writes.fingerprint) {
    items.push({
      Put: {
        TableName: table,
        Item: { ...moderationKeys.fingerprint(writes.fingerprint.memberId, writes.fingerprint.hash), type: 'content-fingerprint', [TTL]: writes.fingerprint.expiresAt },
      },
    });
  }
  if (writes.countAuthorPost) {
    items.push({
      Update: {
        TableName: table,
        Key: moderationKeys.memberInCommunity(author.memberId, author.communityId),
        UpdateExpression: 'ADD postCount :one SET #type = :type, memberId = :member, communityId = :community',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'member-in-community', ':member': author.memberId, ':community': author.communityId },
      },
    });
  }
  return items;
}
