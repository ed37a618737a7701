/**
 * The ideas' unit budgets: a vote (the path the react route's 18 WRU warned about) and a page of the
 * top-ideas board, and the board's scale check (the same page with 1 k and 100 k ideas on the board).
 * A vote writes three small items and never the post: its count lives on the idea's tally.
 */
import type { Post } from '../lambdas/api/schemas';
import { tallyItem } from '../lambdas/store/entities/idea-tally';
import type { BenchCaller, BenchData, RouteBench } from './routes';
import type { ScaleCheck } from './scale';

const pad = (i: number) => String(i + 1000).padStart(6, '0');
const voter = (memberId: string): BenchCaller => ({ memberId, groups: ['members'] });

export const BOARD_IDEAS = 40;

/** A board of BOARD_IDEAS ideas (with their tallies) in the bench community, written once. */
async function writeBoard(d: BenchData): Promise<Post[]> {
  const ideas = Array.from({ length: BOARD_IDEAS }, () => d.fx.post({ communityId: d.communityId, authorId: d.authorId, kind: 'idea' }));
  await d.fx.createPosts(ideas);
  return ideas;
}

const topPageBudget = {
  read: 10.5,
  write: 0,
  reason:
    "Query on byIdeasTop, keys only: 20 entries of under 200 bytes, one 4 KB step, eventually consistent (0.5); BatchGet of the 20 posts of ~1.1 KB (20 x 0.5); the vote counts are the index's sort key, read with the page. The BatchGet of the caller's 20 vote keys (viewerHasVoted) finds none here, which DynamoDB Local bills 0; AWS bills a missing key like a read (up to 10 more); the community is read (0.5) only when the page comes back empty, to answer 404 for an unknown community",
};

export function ideaRoutes(d: BenchData): RouteBench[] {
  let board: Promise<Post[]> | undefined;
  const ideas = () => (board ??= writeBoard(d));
  return [
    {
      name: 'vote for an idea',
      operationId: 'voteForIdea',
      status: 200,
      budget: {
        read: 2,
        write: 16,
        reason:
          "reads: the post, eventually consistent (0.5), the community's idea settings (0.5), the tally for the new count (1); transaction 2x: vote put of under 1 KB (2) and its byVoter entry (2), tally ADD of under 1 KB (2) moving its byIdeasTop entry (4: a delete and a put, keys only), today's trend window ADD (2) moving its byIdeasTrending entry (4). Every item is small and the post (with its 3 feed indexes) is never written, so a vote costs the same whatever the post's size; react rewrites the post in 3 feed indexes (18 WRU at 1.1 KB, 4 x that at 4 KB)",
      },
      prepare: async (i) => {
        const [idea] = await ideas();
        const a = `bench-voter-a-${pad(i)}`;
        return { pathParameters: { postId: idea!.postId }, caller: voter(a), twins: { [a]: `bench-voter-b-${pad(i)}` } };
      },
    },
    {
      name: 'top ideas, page of 20',
      operationId: 'listIdeas',
      status: 200,
      budget: topPageBudget,
      prepare: async () => {
        await ideas();
        return { pathParameters: { communityId: d.communityId }, query: 'sort=top&limit=20', caller: voter('bench-board-reader') };
      },
    },
  ];
}

/** The top-ideas page in the scale community, where every seeded post is an idea on the open board. */
export function ideaScaleCheck(route: RouteBench): ScaleCheck {
  return {
    name: 'top ideas, page of 20',
    route: (communityId) => ({ ...route, prepare: async (i) => ({ ...(await route.prepare(i)), pathParameters: { communityId } }) }),
  };
}

/** The tally that puts a seeded post on its community's open board, with some votes (so the top index has an order to keep). */
export const seededTally = (post: Post, n: number): Record<string, unknown> =>
  tallyItem({ postId: post.postId, communityId: post.communityId, ideaStatus: 'open', voteCount: n % 97 });
