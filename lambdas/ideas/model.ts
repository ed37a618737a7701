/**
 * The ideas vocabulary: which statuses take votes, who may move an idea, the trending window, the
 * shape of a community's idea settings. Plain data and pure rules; the wire schemas
 * (lambdas/api/idea-schemas.ts) build their enums and limits from these.
 */
import { IDEA_STATUSES } from '../posts/model';

export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** Statuses a partner or a manager may move an idea to: `merged` only comes from a merge. */
export const SETTABLE_IDEA_STATUSES = IDEA_STATUSES.filter((s) => s !== 'merged');

/** Votes (and taking them back) close when an idea ships, is declined or is merged: what its voters backed is settled. */
export const VOTING_CLOSED: readonly IdeaStatus[] = ['shipped', 'declined', 'merged'];
export const VOTING_OPEN: readonly IdeaStatus[] = IDEA_STATUSES.filter((s) => !VOTING_CLOSED.includes(s));
export const isVotingOpen = (status: IdeaStatus | undefined): boolean => status !== undefined && VOTING_OPEN.includes(status);

/** Board orders: by votes, newest first, by votes in the last TRENDING_DAYS days. */
export const IDEA_SORTS = ['top', 'new', 'trending'] as const;
export type IdeaSort = (typeof IDEA_SORTS)[number];

/** Trending counts the votes of the last 7 days, today included, in whole UTC days. */
export const TRENDING_DAYS = 7;

/** A team id: what `custom:team` carries and a community lists. */
export const TEAM_PATTERN = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
export const MAX_TEAMS = 20;
/** The teams a community starts with when its manager has configured none. */
export const DEFAULT_TEAMS = ['supply-chain', 'sales-channel', 'product', 'ecommerce', 'stores'] as const;

/** A community's idea settings. */
export interface IdeaSettings {
  /** The internal teams ideas can be assigned to. */
  readonly teams: readonly string[];
  /** At most this many open ideas voted per member (Discourse-style); null: no limit. */
  readonly voteBudget: number | null;
}

export const DEFAULT_IDEA_SETTINGS: IdeaSettings = { teams: [...DEFAULT_TEAMS], voteBudget: null };

/** Who moved an idea: the role they acted in and their team (the lake's and the timeline's actor). */
export type ActorRole = 'community-manager' | 'partner';

/** One entry of an idea's public timeline. */
export interface TimelineEntry {
  readonly entryId: string;
  readonly postId: string;
  readonly at: string;
  readonly kind: 'status-changed' | 'assigned' | 'merged' | 'unmerged' | 'merged-from' | 'unmerged-from';
  readonly actorRole: ActorRole;
  readonly actorTeam: string | null;
  /** Kept for the audit; never shown. */
  readonly actorId: string;
  readonly from?: IdeaStatus | undefined;
  readonly to?: IdeaStatus | undefined;
  readonly note?: string | undefined;
  readonly team?: string | undefined;
  readonly trackerRef?: string | undefined;
  /** merged / unmerged: the other idea. */
  readonly otherPostId?: string | undefined;
}

/** An idea's owner team and the reference of the team's own work item. */
export interface Assignment {
  readonly postId: string;
  readonly communityId: string;
  readonly team: string;
  readonly trackerRef: string | null;
  readonly ideaStatus: IdeaStatus;
  readonly assignedAt: string;
  readonly assignedBy: string;
}

/** What the board and the vote path read: an idea's count and status, apart from the post. */
export interface Tally {
  readonly postId: string;
  readonly communityId: string;
  readonly ideaStatus: IdeaStatus;
  readonly voteCount: number;
}

/** A member's vote. `movedFrom`: a merge moved it here from that idea. */
export interface Vote {
  readonly postId: string;
  readonly communityId: string;
  readonly memberId: string;
  readonly votedAt: string;
  /** YYYY-MM-DD (UTC): the trending window it counts in. */
  readonly day: string;
  readonly movedFrom?: string | undefined;
  /**
   * Whether the vote holds a unit of the member's vote budget now: true while its idea takes votes,
   * false once it closed (the unit handed back); absent when cast while the community set no budget.
   */
  readonly charged?: boolean | undefined;
}

/**
 * Settling an idea's budgeted votes when it closes (`return`: each charged vote hands its unit back)
 * or opens again (`charge`: each returned vote takes it again), a page of voters at a time. One job
 * per idea; a later status change restarts it in the direction of the idea's new state.
 */
export interface VoteSettleJob {
  readonly postId: string;
  readonly communityId: string;
  readonly direction: 'return' | 'charge';
  readonly state: 'running' | 'done';
  readonly cursor: string | null;
  readonly steps: number;
  /** Votes settled so far (units handed back or taken again). */
  readonly settled: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

/** A merge (or its undoing) moving votes a page at a time; `cursor` is the last voter handled. */
export interface MergeJob {
  readonly fromPostId: string;
  readonly intoPostId: string;
  readonly communityId: string;
  readonly direction: 'merge' | 'unmerge';
  readonly state: 'running' | 'done';
  readonly cursor: string | null;
  readonly steps: number;
  readonly moved: number;
  readonly duplicates: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly actorId: string;
  /** The status X had before it was merged, which undoing the merge restores. */
  readonly statusBefore: IdeaStatus;
}

/** What an idea may return to when its merge is undone: a status that takes votes. */
export const IDEA_STATUSES_AFTER_UNMERGE: readonly IdeaStatus[] = IDEA_STATUSES.filter((s) => s !== 'merged');

/** The UTC day of an instant: YYYY-MM-DD. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** The day `n` days after `day` (negative: before). */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
