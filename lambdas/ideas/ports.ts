/**
 * What the idea use cases need from storage (lambdas/store/dynamo-idea-store.ts implements it), as
 * plain TypeScript.
 */
import type { Post, Reaction } from '../api/schemas';
import type { EditOutcome, Page, PageRequest } from '../domain/ports';
import type { Assignment, IdeaSettings, IdeaStatus, MergeJob, Tally, TimelineEntry, Vote, VoteSettleJob } from './model';

export type VoteOutcome = 'voted' | 'already' | 'closed' | 'over-budget';
export type UnvoteOutcome = 'unvoted' | 'not-voted' | 'closed';

/** A status change, written together: the post's next version, its tally, assignment and changelog, and the timeline entry. */
export interface StatusChange {
  readonly before: Post;
  readonly after: Post;
  readonly assignment: Assignment | undefined;
  readonly entry: TimelineEntry;
  readonly changelogNote: string | null;
  /** The idea stopped or started taking votes: the job that settles its budgeted votes, started with the change. */
  readonly settle?: VoteSettleJob | undefined;
}

/** A shipped idea on the changelog. */
export interface ChangelogItem {
  readonly postId: string;
  readonly shippedAt: string;
  readonly note: string | null;
  readonly team: string | null;
}

/** A merge started or undone: both ideas' writes and the job, together. */
export interface MergeStart {
  readonly from: { readonly before: Post; readonly after: Post; readonly tally: Tally; readonly assignment: Assignment | undefined };
  /** The idea votes move into (or back out of): must still be in one of `intoStatuses`. */
  readonly into: { readonly postId: string; readonly statuses: readonly IdeaStatus[] };
  readonly entries: readonly TimelineEntry[];
  readonly job: MergeJob;
  readonly previousJob: MergeJob | null;
  readonly actorRole: string;
  readonly actorTeam: string | null;
}

/** An idea on a board page, with its count when the index that listed it sorts by it. */
export interface BoardEntry {
  readonly postId: string;
  readonly voteCount?: number | undefined;
}

/**
 * What both idea functions read: tallies, the caller's votes, posts by id and a community's settings.
 * The store is split by concern so a function's bundle carries only the writes its routes make.
 */
export interface IdeaReads {
  getTally(postId: string): Promise<Tally | undefined>;
  tallies(postIds: readonly string[]): Promise<ReadonlyMap<string, Tally>>;
  /** Of `postIds`, the ones the member votes for. */
  votedBy(memberId: string, postIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Published posts by id, in the given order. */
  posts(postIds: readonly string[]): Promise<Post[]>;
  ideaSettings(communityId: string): Promise<IdeaSettings | undefined>;
}

/** The members' side (the ideas group): votes and the board. */
export interface IdeaVotes {
  /** Casts the member's vote once; with a budget, only while they vote for fewer open ideas of the community. */
  vote(vote: Vote, budget: number | null): Promise<VoteOutcome>;
  /** Takes the member's vote back at `at` (its trending window too, if still in one; its budget unit, if it holds one). */
  unvote(postId: string, memberId: string, at: Date): Promise<UnvoteOutcome>;
  /** The ideas of a board page; `top` pages come with their counts (the index's sort key). */
  board(communityId: string, status: IdeaStatus, sort: 'top' | 'new', page: PageRequest): Promise<Page<BoardEntry>>;
  trending(communityId: string, day: string, page: PageRequest): Promise<Page<string>>;
}

/** The staff's and partners' side (the idea-workflow group): owner teams, timelines, the changelog, partners' lists, settings. */
export interface IdeaWorkflow {
  putIdeaSettings(communityId: string, settings: IdeaSettings): Promise<void>;
  assignment(postId: string): Promise<Assignment | undefined>;
  assign(assignment: Assignment, entry: TimelineEntry): Promise<void>;
  timeline(postId: string, page: PageRequest): Promise<Page<TimelineEntry>>;
  changelog(communityId: string, page: PageRequest): Promise<Page<ChangelogItem>>;
  teamIdeas(team: string, status: IdeaStatus, page: PageRequest): Promise<Page<string>>;
}

/** Merging duplicate ideas (the idea-merges group): merge jobs and their steps. */
export interface IdeaMerges {
  /** The idea's owner team: a merge moves its assignment along with its status. */
  assignment(postId: string): Promise<Assignment | undefined>;
  /** Takes a closed idea out of today's trending. */
  leaveTrending(postId: string, day: string): Promise<void>;
  mergeJob(fromPostId: string): Promise<MergeJob | undefined>;
  /** `stale`: the post, a tally or the job moved meanwhile (nothing written). */
  startMerge(start: MergeStart): Promise<'started' | 'stale' | 'target-closed'>;
  /** Runs one bounded step of a running job; the job after it (unchanged if another worker took the step). */
  mergeStep(job: MergeJob, at: Date): Promise<MergeJob>;
  runningMerges(limit: number): Promise<MergeJob[]>;
}

/** Every idea item: what the posts group (statuses, a post's viewer state) and the ideas worker use. */
export interface IdeaStore extends IdeaReads, IdeaVotes, IdeaWorkflow, IdeaMerges {
  reactionsOf(postId: string, memberId: string): Promise<Reaction[]>;
  /** `no-tally`: the idea has no tally in the status it moves from (an idea older than tallies, or one moving meanwhile). */
  changeStatus(change: StatusChange): Promise<EditOutcome | { readonly result: 'no-tally' }>;
  settleJob(postId: string): Promise<VoteSettleJob | undefined>;
  /** Runs one bounded step of a settle job; the job after it (as stored, if another run took the step or replaced the job). */
  settleStep(job: VoteSettleJob, at: Date): Promise<VoteSettleJob>;
  runningSettles(limit: number): Promise<VoteSettleJob[]>;
  /** Every community id (the daily trending carry walks them). */
  communityIds(): AsyncIterable<string>;
  /** Starts `day`'s trending windows of the community from the day before; how many ideas were carried. */
  carryTrending(communityId: string, day: string): Promise<number>;
  /** Whether `day`'s carry ran to the end in every community. */
  trendingCarried(day: string): Promise<boolean>;
  markTrendingCarried(day: string): Promise<void>;
}
