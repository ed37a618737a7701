/**
 * The DynamoDB adapter: implements the domain's store ports by sending the command inputs that
 * lambdas/store/keys.ts builds, and turns DynamoDB's condition failures into domain outcomes.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Comment, Community, Post, PostKind, Reaction } from '../api/schemas';
import { ConflictError } from '../domain/errors';
import type {
  CommentStore,
  CommunityStore,
  EditOutcome,
  PageRequest,
  PostStore,
  ProductSummary,
  RateLimiter,
  ReactionChange,
  ReactionStore,
  ScreeningWrites,
} from '../domain/ports';
import type { ListRef, StartKey } from './cursor';
import * as k from './keys';
import { queryPage } from './query-page';

export type DynamoStore = CommunityStore & PostStore & CommentStore & ReactionStore & RateLimiter;

/** Which items of a cancelled transaction failed their condition (by position). */
const failedConditions = (error: unknown): boolean[] | undefined =>
  error instanceof TransactionCanceledException
    ? (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed')
    : undefined;

const oldItemOf = (error: TransactionCanceledException, position: number): Record<string, unknown> | undefined => {
  const item = error.CancellationReasons?.[position]?.Item;
  return item ? unmarshall(item as Parameters<typeof unmarshall>[0]) : undefined;
};

export function dynamoStore(client: DynamoDBDocumentClient, table: string): DynamoStore {
  const page = <T>(list: ListRef, request: PageRequest, build: (limit: number, start?: StartKey) => QueryCommandInput, map: (item: Record<string, unknown>) => T) =>
    queryPage(client, list, request, build, map);

  /** Reads posts by id in one BatchGet, keeping the given order and skipping unpublished ones. */
  async function postsByIds(postIds: string[]): Promise<Post[]> {
    if (postIds.length === 0) return [];
    const found = new Map<string, Post>();
    let request: ReturnType<typeof k.getPostsByIds>['RequestItems'] | undefined = k.getPostsByIds(table, postIds).RequestItems;
    // BatchGet may return some keys unprocessed under load; ask again for just those (bounded).
    for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 5; attempt++) {
      const out = await client.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[table] ?? []) {
        const post = k.toPost(item);
        found.set(post.postId, post);
      }
      request = out.UnprocessedKeys as typeof request;
    }
    return postIds.map((id) => found.get(id)).filter((p): p is Post => p !== undefined && p.status === 'published');
  }

  async function changePost(before: Post, after: Post, keepRevision: boolean, screening?: ScreeningWrites): Promise<EditOutcome> {
    const transaction = k.changePostTransaction(table, before, after, keepRevision);
    transaction.TransactItems!.push(...k.screeningItems(table, screening, { memberId: after.authorId, communityId: after.communityId }));
    try {
      await client.send(new TransactWriteCommand(transaction));
      return { result: 'updated', post: after };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed && !failed[0] && failed.some(Boolean)) throw new ConflictError(`post ${before.postId} is being moderated right now; load it again and retry`);
      if (!failed?.[0]) throw error;
      const old = oldItemOf(error as TransactionCanceledException, 0);
      return old ? { result: 'stale', current: k.toPost(old) } : { result: 'missing' };
    }
  }

  /**
   * Adds or takes back a reaction: the reaction item's condition (first item) makes a repeat change
   * nothing; the post's condition (second item) means the post is not there to react to.
   */
  async function changeReaction(postId: string, reaction: Reaction, transaction: TransactWriteCommandInput): Promise<ReactionChange | 'missing'> {
    let changed = true;
    try {
      await client.send(new TransactWriteCommand(transaction));
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[1]) return 'missing';
      if (!failed?.[0]) throw error;
      changed = false;
    }
    const post = await getPost(postId);
    return post ? { changed, count: post.reactionCounts[reaction] ?? 0 } : 'missing';
  }

  async function getPost(postId: string, read?: { readonly eventual?: boolean }): Promise<Post | undefined> {
    const out = await client.send(new GetCommand(k.getItem(table, k.keys.post(postId), !read?.eventual)));
    return out.Item?.type === 'post' ? k.toPost(out.Item) : undefined;
  }

  return {
    async createCommunity(community: Community) {
      try {
        await client.send(new PutCommand(k.putCommunity(table, community)));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new ConflictError(`community ${community.communityId} already exists`);
        throw error;
      }
    },
    async getCommunity(communityId) {
      const out = await client.send(new GetCommand(k.getItem(table, k.keys.community(communityId))));
      return out.Item ? k.toCommunityRecord(out.Item) : undefined;
    },
    listCommunities: (request) => page(k.lists.directory(), request, (limit, start) => k.queries.directory(table, limit, start), k.toCommunity),

    async createPost(post, screening) {
      const transaction = k.createPostTransaction(table, post);
      transaction.TransactItems!.push(...k.screeningItems(table, screening, { memberId: post.authorId, communityId: post.communityId }));
      try {
        await client.send(new TransactWriteCommand(transaction));
      } catch (error) {
        const failed = failedConditions(error);
        if (failed?.[1]) throw new ConflictError(`community ${post.communityId} no longer exists`);
        if (failed?.[0]) throw new ConflictError(`post ${post.postId} already exists`);
        throw error;
      }
    },
    getPost,
    editPost: (previous, next, screening) => changePost(previous, next, true, screening),
    deletePost: (previous, tombstone) => changePost(previous, tombstone, false),
    setIdeaStatus: (previous, next) => changePost(previous, next, false),

    communityFeed: (communityId, kind, request) =>
      page(k.lists.communityFeed(communityId, kind), request, (limit, start) => k.queries.communityFeed(table, communityId, kind, limit, start), k.toPost),
    memberFeed: (memberId, request) =>
      page(k.lists.memberFeed(memberId), request, (limit, start) => k.queries.memberFeed(table, memberId, limit, start), k.toPost),
    async productFeed(productId: string, kind: PostKind | undefined, request) {
      const links = await page(k.lists.productFeed(productId, kind), request, (limit, start) => k.queries.productFeed(table, productId, kind, limit, start), (item) => item.postId as string);
      return { items: await postsByIds([...links.items]), nextCursor: links.nextCursor };
    },
    revisions: (postId, request) =>
      page(k.lists.revisions(postId), request, (limit, start) => k.queries.revisions(table, postId, limit, start), k.toRevision),
    async productSummary(productId): Promise<ProductSummary> {
      const out = await client.send(new GetCommand(k.getItem(table, k.keys.productSummary(productId))));
      return { reviewCount: Number(out.Item?.reviewCount ?? 0), ratingSum: Number(out.Item?.ratingSum ?? 0) };
    },

    async createComment(comment: Comment, screening) {
      const transaction = k.createCommentTransaction(table, comment);
      transaction.TransactItems!.push(...k.screeningItems(table, screening, { memberId: comment.authorId, communityId: '' }));
      try {
        await client.send(new TransactWriteCommand(transaction));
        return 'created';
      } catch (error) {
        const failed = failedConditions(error);
        if (failed?.[1] || failed?.[2]) return 'missing';
        throw error;
      }
    },
    async getComment(postId, commentId) {
      const out = await client.send(new GetCommand(k.getItem(table, k.keys.comment(postId, commentId))));
      return out.Item ? k.toComment(out.Item) : undefined;
    },
    listComments: (postId, request) =>
      page(k.lists.comments(postId), request, (limit, start) => k.queries.comments(table, postId, limit, start), k.toComment),
    async deleteComment(comment, deletedAt) {
      try {
        await client.send(new TransactWriteCommand(k.deleteCommentTransaction(table, comment, deletedAt)));
      } catch (error) {
        // Already a tombstone: deleting twice changes nothing.
        if (failedConditions(error)?.[0]) return;
        throw error;
      }
    },

    addReaction: (postId: string, reaction: Reaction, memberId: string, at: string) =>
      changeReaction(postId, reaction, k.addReactionTransaction(table, postId, reaction, memberId, at)),
    removeReaction: (postId: string, reaction: Reaction, memberId: string) =>
      changeReaction(postId, reaction, k.removeReactionTransaction(table, postId, reaction, memberId)),

    async consume(key, limit, windowSeconds, now) {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      try {
        await client.send(new UpdateCommand(k.consumeRateWindow(table, key, limit, windowStart, windowSeconds)));
        return { allowed: true };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          return { allowed: false, retryAfterSeconds: Math.max(1, windowStart + windowSeconds - nowSeconds) };
        }
        throw error;
      }
    },
  };
}
