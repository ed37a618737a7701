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
import type { Comment, Community, Post, PostKind, PostRevision, Reaction } from '../api/schemas';
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
  'authorName', 'status', 'version', 'commentCount', 'reactionCounts', 'createdAt', 'updatedAt', 'deletedAt',
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

/** What a post adds to each product's review summary. */
const reviewContribution = (p: Post): Map<string, { count: number; sum: number }> => {
  const contribution = new Map<string, { count: number; sum: number }>();
  if (p.kind === 'review' && p.status === 'published' && p.rating !== undefined) {
    for (const productId of p.productIds) contribution.set(productId, { count: 1, sum: p.rating });
  }
  return contribution;
};

const summaryDeltas = (before: Post | undefined, after: Post | undefined): TransactItem[] => {
  const deltas = new Map<string, { count: number; sum: number }>();
  const add = (m: Map<string, { count: number; sum: number }>, sign: number) => {
    for (const [productId, c] of m) {
      const d = deltas.get(productId) ?? { count: 0, sum: 0 };
      deltas.set(productId, { count: d.count + sign * c.count, sum: d.sum + sign * c.sum });
    }
  };
  if (before) add(reviewContribution(before), -1);
  if (after) add(reviewContribution(after), +1);
  return [...deltas]
    .filter(([, d]) => d.count !== 0 || d.sum !== 0)
    .map(([productId, d]) => ({
      Update: {
        TableName: '',
        Key: keys.productSummary(productId),
        UpdateExpression: 'ADD reviewCount :count, ratingSum :sum SET #type = :type, productId = :productId',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':count': d.count, ':sum': d.sum, ':type': 'product-summary', ':productId': productId },
      },
    }));
};

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

const EDITABLE = ['title', 'body', 'productIds', 'tags', 'rating', 'ideaStatus', 'status', 'deletedAt'] as const;

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
  const wasPublished = before.status === 'published';
  const isPublished = after.status === 'published';
  if (wasPublished && !isPublished) {
    for (const attribute of new Set([idx.byCommunityFeed.partitionKey, idx.byCommunityKindFeed.partitionKey, idx.byAuthor.partitionKey, idx.byCommunityFeed.sortKey])) {
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
    {
      Update: {
        ...publishedPostCheck(table, c.postId),
        UpdateExpression: 'ADD commentCount :one',
        ExpressionAttributeValues: { ':published': 'published', ':one': 1 },
      },
    },
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
    { Update: { TableName: table, Key: keys.post(c.postId), UpdateExpression: 'ADD commentCount :minusOne', ExpressionAttributeValues: { ':minusOne': -1 } } },
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

