/**
 * The routes the benchmark measures: one entry per route. An entry says how to build its request
 * for iteration i (creating whatever data that request consumes), which status proves it worked,
 * and its unit budget with the reason. Adding a route (e.g. the moderation queue's claim-next) is
 * one more entry here.
 */
import { randomUUID } from 'node:crypto';
import type { OperationId } from '../lambdas/api/routes';
import type { Group, Post } from '../lambdas/api/schemas';
import { etagOf } from '../lambdas/http/conditional';
import { newUlid, type Fixtures } from './fixtures';
import { population, type Population } from './population';

export interface BenchCaller {
  readonly memberId: string;
  readonly groups: readonly Group[];
}

export interface BenchRequest {
  readonly pathParameters?: Readonly<Record<string, string>>;
  /** Raw query string without "?". */
  readonly query?: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Absent on public routes. */
  readonly caller?: BenchCaller;
  /**
   * Strings to swap in the recorded DynamoDB inputs before the raw replay, so the replay does the
   * same work on twin data (a second, identical post; another member) instead of failing a
   * condition on data the handler just changed. Each pair has equal lengths: same item sizes.
   */
  readonly twins?: Readonly<Record<string, string>>;
}

export interface UnitBudget {
  readonly read: number;
  readonly write: number;
  /** SQS requests (routes that queue messages): one per 10 messages, per started 64 KB of payload. */
  readonly sqsRequests?: number;
  /** Why: the items read and written, their sizes, the indexes a write touches. */
  readonly reason: string;
}

export interface RouteBench {
  /** Human name in the report: "create post". */
  readonly name: string;
  readonly operationId: OperationId;
  /** The status a correct answer has; anything else stops the benchmark. */
  readonly status: number;
  readonly budget: UnitBudget;
  /** Builds the request of iteration i (negative i: warm-up), writing the data it needs first. */
  prepare(i: number): Promise<BenchRequest>;
  /** Ids the handler created (from its response body): the replay swaps them for fresh ones. */
  readonly createdIds?: (body: Record<string, unknown>) => string[];
  /** Measured invocations when fewer than the run's (routes whose data is slow to prepare). */
  readonly iterations?: number;
  /** Throws when a 2xx answer still says the work was not done (bulk results). */
  readonly check?: (body: Record<string, unknown>) => void;
}

/** Data every read route shares, written once before the measurements. */
export interface BenchData {
  readonly fx: Fixtures;
  readonly communityId: string;
  readonly productId: string;
  readonly authorId: string;
  /** A published post with comments and revisions. */
  readonly post: Post;
  /** Members, communities, products and posts with Zipf-like popularity (bench/population.ts); its posts are in the table. */
  readonly population: Population;
}

/** The seed of the benchmark's population and events: the same data every run. */
export const BENCH_SEED = 20261130;

export const FEED_POSTS = 40;
export const COMMENTS_ON_POST = 25;
export const REVISIONS_OF_POST = 3;

export async function writeBenchData(fx: Fixtures): Promise<BenchData> {
  const communityId = 'bench-main';
  const productId = 'SKU-BENCH-1';
  const authorId = 'bench-author';
  await fx.community(communityId);
  for (const other of ['bench-other-1', 'bench-other-2', 'bench-other-3']) await fx.community(other);
  const posts = Array.from({ length: FEED_POSTS }, () => fx.post({ communityId, authorId, kind: 'review', productId }));
  await fx.createPosts(posts);
  const post = posts.at(-1)!;
  for (let c = 0; c < COMMENTS_ON_POST; c++) await fx.comment(post.postId, `bench-commenter-${c}`);
  for (let v = 1; v <= REVISIONS_OF_POST; v++) await fx.revision(post, v);
  // The population's posts, as createPost writes them: client events must name posts that exist.
  const pop = population(BENCH_SEED);
  for (const c of pop.communities) await fx.community(c);
  await fx.createPosts(
    pop.posts.map((p, n) => ({
      ...fx.post({ communityId: p.communityId, authorId: pop.members[(n * 31) % pop.members.length]!, postId: p.postId }),
      productIds: [...p.productIds],
    })),
  );
  return { fx, communityId, productId, authorId, post, population: pop };
}

const pad = (i: number) => String(i + 1000).padStart(6, '0');
/** Member ids of one length for iteration i: the handler's and the replay's twin. */
export const members = (role: string, i: number) => ({ a: `bench-${role}-a-${pad(i)}`, b: `bench-${role}-b-${pad(i)}` });
export const member = (memberId: string, ...groups: Group[]): BenchCaller => ({ memberId, groups: ['members', ...groups] });
const idempotencyKey = () => ({ 'idempotency-key': randomUUID() });

/** Two identical published posts by `authorId`: one for the handler, its twin for the replay. */
async function twinPosts(d: BenchData, authorId: string, kind: Post['kind'] = 'discussion') {
  const a = d.fx.post({ communityId: d.communityId, authorId, kind, productId: 'SKU-BENCH-2' });
  const b = { ...a, postId: newUlid() };
  await d.fx.createPosts([a, b]);
  return { a, b };
}

export function benchRoutes(d: BenchData): RouteBench[] {
  const readPost = d.post;
  return [
    {
      name: 'create post',
      operationId: 'createPost',
      status: 201,
      budget: {
        read: 1,
        write: 32,
        reason:
          "reads: the community once for its rate limits and moderation policy (0.5), the repeated-content fingerprint (0.5); writes: idempotency record put (1) and completion with the stored response (2), rate window update (1: in the member's own RATE# partition, no index keys), transaction 2x: post of just over 1 KB (4) and its copies in byCommunityFeed, byCommunityKindFeed, byAuthor (3 x 4), its byMember entry (2: keys only, how export and erasure find the member's posts, deleted ones too: issue 15), community condition check (2), product link (2) and its byProduct copy (2), the create marker holding the post as answered, just over 1 KB (4: a retry after a crash answers from it, test/integration/exactly-once.test.ts; in the member's own ONCE# partition, no index keys)",
      },
      prepare: async (i) => {
        const m = members('poster', i);
        return {
          pathParameters: { communityId: d.communityId },
          body: { kind: 'discussion', title: readPost.title, body: readPost.body, productIds: ['SKU-BENCH-2'], tags: readPost.tags },
          headers: idempotencyKey(),
          caller: member(m.a),
          twins: { [m.a]: m.b },
        };
      },
      createdIds: (body) => [body.postId as string],
    },
    {
      name: 'community feed, page of 20',
      operationId: 'listCommunityPosts',
      status: 200,
      budget: {
        read: 3.5,
        write: 0,
        reason:
          'Query on byCommunityFeed of 20 posts of ~1.25 KB each (a post carries its byMember keys for export and erasure and its official-response count since issues 13 and 15), 25 KB in 4 KB steps, eventually consistent (3.5); the community is read (0.5) only when the page comes back empty, to answer 404 for an unknown community',
      },
      prepare: async () => ({ pathParameters: { communityId: d.communityId }, query: 'limit=20', caller: member('bench-reader') }),
    },
    {
      name: 'get post',
      operationId: 'getPost',
      status: 200,
      budget: { read: 1, write: 0, reason: 'one strongly consistent read of a post under 4 KB: the ETag must be the current version' },
      prepare: async () => ({ pathParameters: { postId: readPost.postId }, caller: member('bench-reader') }),
    },
    {
      name: 'edit post',
      operationId: 'updatePost',
      status: 200,
      budget: {
        read: 1.5,
        write: 20,
        reason:
          "reads: the post, consistent (1), the community moderation policy for screening (0.5); transaction 2x: post update (4) rewritten in its 3 feed indexes (3 x 4, projection ALL), revision put of under 1 KB (2) and its byMember entry (2: keys only, how the member's export and erasure find earlier versions: issue 15)",
      },
      prepare: async () => {
        const { a, b } = await twinPosts(d, d.authorId);
        return {
          pathParameters: { postId: a.postId },
          body: { body: `${a.body.slice(0, -6)}edited` },
          headers: { 'if-match': etagOf(a) },
          caller: member(d.authorId),
          twins: { [a.postId]: b.postId },
        };
      },
    },
    {
      name: 'delete post',
      operationId: 'deletePost',
      status: 204,
      budget: {
        read: 1,
        write: 20,
        reason:
          'reads: the post, consistent (1); transaction 2x: post update (4), removal from 3 feed indexes (3 x 4), product link delete (2) and its byProduct entry (2)',
      },
      prepare: async () => {
        const { a, b } = await twinPosts(d, d.authorId);
        return { pathParameters: { postId: a.postId }, caller: member(d.authorId), twins: { [a.postId]: b.postId } };
      },
    },
    {
      name: 'post revisions, page of 20',
      operationId: 'listPostRevisions',
      status: 200,
      budget: { read: 1.5, write: 0, reason: 'the post, consistent (1); Query of 3 revisions, under 4 KB together (0.5)' },
      prepare: async () => ({ pathParameters: { postId: readPost.postId }, query: 'limit=20', caller: member(d.authorId) }),
    },
    {
      name: 'move an idea',
      operationId: 'setIdeaStatus',
      status: 200,
      budget: {
        read: 2,
        write: 28,
        reason:
          "reads: the post, consistent (1), the idea's assignment, consistent (1: a partner may move only their team's ideas, and the team's queue moves with the status); the tally is not read, its move is conditioned on its status; transaction 2x: post update (4) rewritten in its 3 feed indexes (3 x 4), the tally under 1 KB moved to the new status's board (2) with its byIdeasTop and byIdeasNewest entries moved (a delete and a put each, keys only: 4 + 4), the timeline entry voters read (2) (issue 14's board by status and public timeline)",
      },
      prepare: async () => {
        const { a, b } = await twinPosts(d, d.authorId, 'idea');
        return {
          pathParameters: { postId: a.postId },
          body: { ideaStatus: 'planned' },
          caller: member('bench-manager', 'community-managers'),
          twins: { [a.postId]: b.postId },
        };
      },
    },
    {
      name: 'product feed, page of 20',
      operationId: 'listProductPosts',
      status: 200,
      budget: {
        read: 11,
        write: 0,
        reason:
          'Query on byProduct of 20 link items (0.5), the product summary (0.5), BatchGetItem of the 20 posts, each item rounded up to 4 KB on its own (20 x 0.5)',
      },
      prepare: async () => ({ pathParameters: { productId: d.productId }, query: 'limit=20', caller: member('bench-reader') }),
    },
    {
      name: "member's posts, page of 20",
      operationId: 'listMemberPosts',
      status: 200,
      budget: {
        read: 3.5,
        write: 0,
        reason:
          'Query on byAuthor of 20 posts of ~1.25 KB (a post carries its byMember keys for export and erasure and its official-response count since issues 13 and 15), 25 KB in 4 KB steps, eventually consistent',
      },
      prepare: async () => ({ pathParameters: { memberId: d.authorId }, query: 'limit=20', caller: member('bench-reader') }),
    },
    {
      name: 'comment',
      operationId: 'createComment',
      status: 201,
      budget: {
        read: 2,
        write: 25,
        reason:
          "reads: the post, consistent (1), the community once for rate limits and policy (0.5), the fingerprint (0.5); writes: idempotency put and completion (1 + 1), rate window update (1: in the member's own RATE# partition, no index keys), transaction 2x: comment put under 1 KB (2) and its byMember entry (2: keys only, how export and erasure find the member's comments: issue 15), post commentCount ADD (4) rewritten in 3 feed indexes (3 x 4), the create marker holding the comment, under 1 KB (2: exactly-once creates; in the member's own ONCE# partition, no index keys)",
      },
      prepare: async (i) => {
        const m = members('commenter', i);
        return {
          pathParameters: { postId: readPost.postId },
          body: { body: 'Same experience here: the hood makes the difference below zero.' },
          headers: idempotencyKey(),
          caller: member(m.a),
          twins: { [m.a]: m.b },
        };
      },
      createdIds: (body) => [body.commentId as string],
    },
    {
      name: 'comments, page of 20',
      operationId: 'listComments',
      status: 200,
      budget: { read: 2.5, write: 0, reason: 'the post, consistent (1); Query of 20 comments of ~0.45 KB, 9 KB in 4 KB steps (1.5)' },
      prepare: async () => ({ pathParameters: { postId: readPost.postId }, query: 'limit=20', caller: member('bench-reader') }),
    },
    {
      name: 'delete comment',
      operationId: 'deleteComment',
      status: 204,
      budget: {
        read: 0.5,
        write: 18,
        reason: 'the comment (0.5); transaction 2x: comment tombstone (2), post commentCount ADD (4) rewritten in 3 feed indexes (3 x 4)',
      },
      prepare: async (i) => {
        const m = members('commenter-d', i);
        const a = await d.fx.comment(readPost.postId, m.a);
        const b = await d.fx.comment(readPost.postId, m.a);
        return { pathParameters: { postId: readPost.postId, commentId: a.commentId }, caller: member(m.a), twins: { [a.commentId]: b.commentId } };
      },
    },
    {
      name: 'react',
      operationId: 'addReaction',
      status: 200,
      budget: {
        read: 1.5,
        write: 20,
        reason:
          "an eventually consistent read of the post for the community and products the reaction carries to the lake (0.5), one consistent read of the post for the new count (1): the transaction already refuses an unpublished post; transaction 2x: reaction put (2) and its byMember entry (2: keys only, how export and erasure find the member's reactions: issue 15), post reactionCounts ADD (4) rewritten in 3 feed indexes (3 x 4)",
      },
      prepare: async (i) => {
        const m = members('reactor', i);
        return { pathParameters: { postId: readPost.postId, reaction: 'helpful' }, caller: member(m.a), twins: { [m.a]: m.b } };
      },
    },
    {
      name: 'take a reaction back',
      operationId: 'removeReaction',
      status: 200,
      budget: {
        read: 1,
        write: 18,
        reason: 'one read for the count (1); transaction 2x: reaction tombstone update (2), post ADD (4) rewritten in 3 feed indexes (3 x 4)',
      },
      prepare: async (i) => {
        const m = members('unreactor', i);
        await d.fx.reaction(readPost.postId, 'love', m.a);
        await d.fx.reaction(readPost.postId, 'love', m.b);
        return { pathParameters: { postId: readPost.postId, reaction: 'love' }, caller: member(m.a), twins: { [m.a]: m.b } };
      },
    },
    {
      name: 'create community',
      operationId: 'createCommunity',
      status: 201,
      budget: {
        read: 0,
        write: 8,
        reason:
          "idempotency put and completion (1 + 1); transaction 2x, so that the community and its create marker land together (exactly-once creates): community put under 1 KB (2) and its byDirectory copy (2), the create marker holding the community, under 1 KB (2: in the member's own ONCE# partition, no index keys)",
      },
      prepare: async (i) => {
        const m = members('community', i);
        return {
          body: { communityId: m.a, name: 'Winter camping', description: 'Gear and trips below zero.' },
          headers: idempotencyKey(),
          caller: member('bench-manager', 'community-managers'),
          twins: { [m.a]: m.b },
        };
      },
    },
    {
      name: 'get community',
      operationId: 'getCommunity',
      status: 200,
      budget: { read: 0.5, write: 0, reason: 'one eventually consistent read under 4 KB' },
      prepare: async () => ({ pathParameters: { communityId: d.communityId }, caller: member('bench-reader') }),
    },
    {
      name: 'communities, page of 20',
      operationId: 'listCommunities',
      status: 200,
      budget: { read: 1, write: 0, reason: 'Query on byDirectory of 20 communities of ~0.3 KB, 6 KB in 4 KB steps, eventually consistent' },
      prepare: async () => ({ query: 'limit=20', caller: member('bench-reader') }),
    },
    {
      name: 'who am I',
      operationId: 'getMe',
      status: 200,
      budget: {
        read: 0.5,
        write: 0,
        reason:
          "the caller's state item, eventually consistent, under 1 KB (0.5): GET /v1/me answers their trust level, approved contributions and active restriction (issue 15); who they are comes from the JWT claims",
      },
      prepare: async () => ({ caller: member('bench-reader') }),
    },
    {
      name: 'health',
      operationId: 'getHealth',
      status: 200,
      budget: { read: 0, write: 0, reason: 'no table access' },
      prepare: async () => ({}),
    },
  ];
}
