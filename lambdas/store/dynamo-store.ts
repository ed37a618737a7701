/**
 * The DynamoDB adapter of communities, posts, comments, reactions and rate limits: sends the command
 * inputs the entity modules (lambdas/store/entities/*) build and turns DynamoDB's condition failures
 * into domain outcomes. It decides no next state: the domain hands it the state to persist.
 * Groups that use only part of it compose that part's own adapter (dynamo-community-store.ts,
 * dynamo-served-requests.ts, dynamo-reaction-store.ts), so their bundles carry no other item's module.
 */
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Comment, Post, PostKind } from '../api/schemas';
import { ConflictError } from '../domain/errors';
import type { ServedRequests } from '../domain/once';
import type { CommentStore, CommunityStore, EditOutcome, PostStore, RateLimiter, ReactionStore, ScreeningWrites } from '../domain/ports';
import type { StartKey } from './cursor';
import * as comment from './entities/comment';
import * as post from './entities/post';
import * as revision from './entities/post-revision';
import * as productLink from './entities/product-link';
import * as productSummary from './entities/product-summary';
import { dynamoRateLimiter } from './dynamo-rate-limiter';
import { dynamoReactionStore, readPost } from './dynamo-reaction-store';
import { changePostTransaction, createPostTransaction } from './post-transactions';
import { queryPage } from './query-page';
import { deskWriteItems } from './desk-transactions';
import { screeningItems } from './screening-writes';
import { failedConditions, sendTransaction } from './transactions';
import { dynamoCommunityStore } from './dynamo-community-store';
import { dynamoServedRequests } from './dynamo-served-requests';
import { readComment } from './dynamo-post-reader';
import { sendCreate } from './create-once';

export type DynamoStore = CommunityStore & PostStore & CommentStore & ReactionStore & RateLimiter & ServedRequests;

const oldItemOf = (error: TransactionCanceledException, position: number): Record<string, unknown> | undefined => {
  const item = error.CancellationReasons?.[position]?.Item;
  return item ? unmarshall(item as Parameters<typeof unmarshall>[0]) : undefined;
};

export function dynamoStore(client: DynamoDBDocumentClient, table: string): DynamoStore {
  /** Reads posts by id in one BatchGet, keeping the given order and skipping unpublished ones. */
  async function postsByIds(postIds: string[]): Promise<Post[]> {
    if (postIds.length === 0) return [];
    const found = new Map<string, Post>();
    let request = post.getPostsByIds(table, postIds).RequestItems;
    // BatchGet may return some keys unprocessed under load; ask again for just those (bounded).
    for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 5; attempt++) {
      const out = await client.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[table] ?? []) {
        const p = post.toPost(item);
        found.set(p.postId, p);
      }
      request = out.UnprocessedKeys as typeof request;
    }
    return postIds.map((id) => found.get(id)).filter((p): p is Post => p !== undefined && p.status === 'published');
  }

  /** Persists `after` if the post is still at `before.version` (position 0 of the transaction). */
  async function changePost(before: Post, after: Post, keepRevision: boolean, changedBy: string, screening?: ScreeningWrites): Promise<EditOutcome> {
    try {
      await sendTransaction(client, changePostTransaction(table, before, after, keepRevision, changedBy, screening));
      return { result: 'updated', post: after };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed && !failed[0] && failed.some(Boolean)) throw new ConflictError(`post ${before.postId} is being moderated right now; load it again and retry`);
      if (!failed?.[0]) throw error;
      const old = oldItemOf(error as TransactionCanceledException, 0);
      return old ? { result: 'stale', current: post.toPost(old) } : { result: 'missing' };
    }
  }

  const getPost = (postId: string, read?: { readonly eventual?: boolean }) => readPost(client, table, postId, read);

  return {
    ...dynamoCommunityStore(client, table),

    async createPost(p, screening, marker) {
      try {
        await sendCreate(client, table, createPostTransaction(table, p, screening), marker);
      } catch (error) {
        const failed = failedConditions(error);
        if (failed?.[1]) throw new ConflictError(`community ${p.communityId} no longer exists`);
        if (failed?.[0]) throw new ConflictError(`post ${p.postId} already exists`);
        throw error;
      }
    },
    getPost,
    // Only the author edits; deletes say who acted (idea moves are the idea store's, lambdas/store/dynamo-idea-store.ts).
    editPost: (previous, next, screening) => changePost(previous, next, true, next.authorId, screening),
    deletePost: (previous, tombstone, deletedBy) => changePost(previous, tombstone, false, deletedBy),
    setAcceptedAnswer: (previous, next, changedBy, desk) => changePost(previous, next, false, changedBy, desk ? { desk } : undefined),
    answeredQuestions: (communityId, answered, request) => {
      const query = (limit: number, start?: StartKey) => post.answeredQuestionsQuery(table, communityId, answered, limit, start);
      return queryPage(client, post.answeredQuestionsList(communityId, answered), request, query, post.toPost);
    },

    communityFeed: (communityId, kind, request) => {
      const query = (limit: number, start?: StartKey) => post.communityFeedQuery(table, communityId, kind, limit, start);
      return queryPage(client, post.communityFeedList(communityId, kind), request, query, post.toPost);
    },
    memberFeed: (memberId, request) =>
      queryPage(client, post.memberFeedList(memberId), request, (limit, start) => post.memberFeedQuery(table, memberId, limit, start), post.toPost),
    async productFeed(productId: string, kind: PostKind | undefined, request) {
      const query = (limit: number, start?: StartKey) => productLink.productFeedQuery(table, productId, kind, limit, start);
      const links = await queryPage(client, productLink.productFeedList(productId, kind), request, query, productLink.toLinkedPostId);
      return { items: await postsByIds([...links.items]), nextCursor: links.nextCursor };
    },
    revisions: (postId, request) =>
      queryPage(client, revision.revisionsList(postId), request, (limit, start) => revision.revisionsQuery(table, postId, limit, start), revision.toRevision),
    async productSummary(productId) {
      const out = await client.send(new GetCommand(productSummary.getProductSummary(table, productId)));
      return productSummary.toProductSummary(out.Item);
    },

    async createComment(c: Comment, on, screening, marker) {
      const transaction = comment.createCommentTransaction(table, c, on);
      // The parent's check (a reply) is position 2; the desk item's write comes last, its position noted.
      const parentAt = c.parentCommentId ? 2 : undefined;
      const { desk, ...rest } = screening ?? {};
      transaction.TransactItems!.push(...screeningItems(table, rest, { memberId: c.authorId, communityId: on.communityId, at: c.createdAt }));
      const deskAt = desk ? transaction.TransactItems!.length : undefined;
      if (desk) transaction.TransactItems!.push(...deskWriteItems(table, desk));
      try {
        await sendCreate(client, table, transaction, marker);
        return 'created';
      } catch (error) {
        const failed = failedConditions(error);
        if (failed?.[1] || (parentAt !== undefined && failed?.[parentAt])) return 'missing';
        if (deskAt !== undefined && failed?.[deskAt]) return 'desk-moved';
        throw error;
      }
    },
    getComment: (postId, commentId) => readComment(client, table, postId, commentId),
    listComments: (postId, request) =>
      queryPage(client, comment.commentsList(postId), request, (limit, start) => comment.commentsQuery(table, postId, limit, start), comment.toComment),
    async deleteComment(c, deletedAt, deletedBy) {
      try {
        await sendTransaction(client, comment.deleteCommentTransaction(table, c, deletedAt, deletedBy));
      } catch (error) {
        // Already a tombstone: deleting twice changes nothing.
        if (failedConditions(error)?.[0]) return;
        throw error;
      }
    },

    ...dynamoReactionStore(client, table),

    consume: dynamoRateLimiter(client, table).consume,

    ...dynamoServedRequests(client, table),
  };
}
