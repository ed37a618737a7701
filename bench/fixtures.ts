/**
 * Test data for the benchmark, written with its own (uninstrumented) document client through the
 * runtime's own item builders (lambdas/store/entities/*), so fixtures look exactly like what the
 * handlers write and their writes never count towards a route's figures.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { Comment, Community, Post, PostKind, Reaction } from '../lambdas/api/schemas';
import { emptyReactionCounts } from '../lambdas/posts/posts';
import type { TransactItem } from '../lambdas/store/expressions';
import { createCommentTransaction } from '../lambdas/store/entities/comment';
import { communityItem } from '../lambdas/store/entities/community';
import { postItem } from '../lambdas/store/entities/post';
import { revisionItem } from '../lambdas/store/entities/post-revision';
import { addReactionTransaction } from '../lambdas/store/entities/reaction';
import { createPostTransaction } from '../lambdas/store/post-transactions';

/** A typical post: a 60-character title, a 600-character body, two tags, one product. */
export const POST_TITLE = 'Warm enough for a night at minus five? Honest field notes.'.padEnd(60, '.');
export const POST_BODY = 'Slept three nights in the hills with the 800-fill bag and a closed-cell pad. '.repeat(8).slice(0, 600);
export const COMMENT_BODY = 'Same experience here: the hood makes the difference below zero. '.repeat(3).slice(0, 160);

const nextUlid = monotonicFactory();
export const newUlid = (at = Date.now()): string => nextUlid(at);

export interface Fixtures {
  readonly table: string;
  community(communityId: string): Promise<Community>;
  /** A published post built like createPost builds it (not written). */
  post(fields: { communityId: string; authorId: string; kind?: PostKind; productId?: string; postId?: string; createdAt?: string }): Post;
  /** Writes posts with their product links and review summaries (the runtime's create transaction). */
  createPosts(posts: readonly Post[]): Promise<void>;
  /** Writes bare post items (no product links) with BatchWriteItem, 25 per request, `parallel` requests in flight. */
  batchWritePosts(posts: readonly Post[], parallel: number): Promise<void>;
  /** Writes items built by lambdas/store/entities/* with BatchWriteItem, 25 per request, `parallel` requests in flight. */
  batchWriteItems(items: readonly Record<string, unknown>[], parallel: number): Promise<void>;
  /** Deletes one item by its key (bench clean-up between iterations, never measured). */
  deleteItem(key: Record<string, unknown>): Promise<void>;
  /** The items of one Query page built by lambdas/store/entities/* (bench clean-up, never measured). */
  query(input: QueryCommandInput): Promise<Record<string, unknown>[]>;
  comment(postId: string, authorId: string, parentCommentId?: string): Promise<Comment>;
  reaction(postId: string, reaction: Reaction, memberId: string): Promise<void>;
  /** An earlier version of a post, as an edit keeps it. */
  revision(post: Post, version: number): Promise<void>;
  /** Writes items built by lambdas/store/entities/* in one transaction (at most 100). */
  transact(items: readonly TransactItem[]): Promise<void>;
  destroy(): void;
}

export function fixtures(table: string, endpoint: string, region: string): Fixtures {
  const client = new DynamoDBClient({ endpoint, region });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const inOrder = async <T>(items: readonly T[], parallel: number, write: (item: T) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < items.length) await write(items[next++]!);
      }),
    );
  };
  const writeInBatches = async (items: readonly Record<string, unknown>[], parallel: number) => {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    await inOrder(batches, parallel, async (batch) => {
      let requests: Record<string, unknown>[] | undefined = batch.map((item) => ({ PutRequest: { Item: item } }));
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        if (attempt > 10) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed after 10 retries`);
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests as never } }));
        requests = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      }
    });
  };
  const post: Fixtures['post'] = ({ communityId, authorId, kind = 'discussion', productId = 'SKU-10442', postId, createdAt }) => {
    const at = createdAt ?? new Date().toISOString();
    return {
      postId: postId ?? newUlid(createdAt ? Date.parse(createdAt) : undefined),
      communityId,
      kind,
      title: POST_TITLE,
      body: POST_BODY,
      productIds: [productId],
      tags: ['sleeping-bags', 'winter'],
      ...(kind === 'review' ? { rating: 4 } : {}),
      ...(kind === 'idea' ? { ideaStatus: 'open' as const } : {}),
      authorId,
      authorName: authorId,
      status: 'published',
      version: 1,
      commentCount: 0,
      reactionCounts: emptyReactionCounts(),
      officialResponseCount: 0,
      hasOfficialResponse: false,
      createdAt: at,
      updatedAt: at,
    };
  };
  return {
    table,
    async community(communityId) {
      const community: Community = {
        communityId,
        name: `Bench ${communityId}`,
        description: 'Benchmark community',
        // High limits: the benchmark posts many times a minute; the rate-window write still happens.
        rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 },
        createdAt: new Date().toISOString(),
        createdBy: 'bench',
      };
      await doc.send(new PutCommand({ TableName: table, Item: communityItem(community) }));
      return community;
    },
    post,
    async createPosts(posts) {
      await inOrder(posts, 4, async (p) => {
        await doc.send(new TransactWriteCommand(createPostTransaction(table, p)));
      });
    },
    batchWritePosts(posts, parallel) {
      return writeInBatches(
        posts.map((p) => postItem(p)),
        parallel,
      );
    },
    batchWriteItems: (items, parallel) => writeInBatches(items, parallel),
    async deleteItem(key) {
      await doc.send(new DeleteCommand({ TableName: table, Key: key }));
    },
    async query(input) {
      return ((await doc.send(new QueryCommand(input))).Items ?? []) as Record<string, unknown>[];
    },
    async comment(postId, authorId, parentCommentId) {
      const comment: Comment = {
        commentId: newUlid(),
        postId,
        parentCommentId: parentCommentId ?? null,
        depth: parentCommentId ? 1 : 0,
        status: 'published',
        body: COMMENT_BODY,
        authorId,
        authorName: authorId,
        deleted: false,
        createdAt: new Date().toISOString(),
      };
      await doc.send(new TransactWriteCommand(createCommentTransaction(table, comment, { communityId: 'bench', productIds: [] })));
      return comment;
    },
    async reaction(postId, reaction, memberId) {
      await doc.send(
        new TransactWriteCommand(addReactionTransaction(table, postId, reaction, memberId, new Date().toISOString(), { communityId: 'bench', productIds: [] })),
      );
    },
    async revision(p, version) {
      const previous = { ...p, version, body: `${p.body.slice(0, -3)}v${version}` };
      const next = { ...previous, version: version + 1 };
      await doc.send(new PutCommand({ TableName: table, Item: revisionItem(previous, next.updatedAt) }));
    },
    async transact(items) {
      await doc.send(new TransactWriteCommand({ TransactItems: [...items] as never }));
    },
    destroy: () => client.destroy(),
  };
}
