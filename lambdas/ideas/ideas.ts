/**
 * Idea use cases: votes, the board, status changes with their notes, teams and partners, the
 * timeline and the changelog. Merges are in merge.ts, the trending carry in trending.ts.
 */
import type { Post } from '../api/schemas';
import { isCommunityManager, isPartnerOnly, type Caller } from '../domain/caller';
import { newId } from '../domain/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, UnprocessableError, VersionMismatchError } from '../domain/errors';
import type { ChorusDeps, Page, PageRequest } from '../domain/ports';
import { canSee } from '../posts/visibility';
import {
  type ActorRole,
  type Assignment,
  DEFAULT_IDEA_SETTINGS,
  dayOf,
  type IdeaSettings,
  type IdeaSort,
  type IdeaStatus,
  isVotingOpen,
  type Tally,
  type TimelineEntry,
  VOTING_CLOSED,
} from './model';
import type { BoardEntry, ChangelogItem, IdeaMerges, IdeaReads, IdeaStore, IdeaVotes, IdeaWorkflow } from './ports';
import { runSettleSteps, SETTLE_STEPS_IN_REQUEST, settleJobFor } from './settle';

/**
 * What the idea use cases need: posts and communities to read, an idea store, the clock. Ideas look
 * posts and communities up, and nothing more: a group composes readers, not the content store.
 */
export type IdeaDeps<S> = Pick<ChorusDeps, 'clock'> & {
  readonly posts: Pick<ChorusDeps['posts'], 'getPost'>;
  readonly communities: Pick<ChorusDeps['communities'], 'getCommunity'>;
  readonly ideas: S;
};
/** Every idea item: the posts group (statuses) and the ideas worker. */
export type IdeasDeps = IdeaDeps<IdeaStore>;
/** The members' side (the ideas group): votes and the board. */
export type IdeaVoteDeps = IdeaDeps<IdeaReads & IdeaVotes>;
/** The staff's and partners' side (the idea-workflow group): owner teams, timelines, the changelog, partners' lists, settings. */
export type IdeaWorkflowDeps = IdeaDeps<IdeaReads & IdeaWorkflow>;
/** Merging duplicate ideas (the idea-merges group; the ideas worker finishes large merges). */
export type IdeaMergeDeps = IdeaDeps<IdeaReads & IdeaMerges>;

/** An idea as the API shows it: the post, its count and the caller's vote. */
export type IdeaView = Post & { readonly voteCount: number; readonly viewerHasVoted?: boolean };

export interface VoteState {
  readonly postId: string;
  readonly voted: boolean;
  readonly voteCount: number;
}

/** A published idea the caller may see, or NotFoundError (a missing, hidden or non-idea post alike). */
async function publishedIdea(deps: Pick<IdeaDeps<unknown>, 'posts'>, caller: Caller | undefined, postId: string, consistent = false): Promise<Post> {
  const post = await deps.posts.getPost(postId, { eventual: !consistent });
  if (!post || !canSee(post, caller)) throw new NotFoundError(`post ${postId} does not exist`);
  if (post.kind !== 'idea') {
    throw new UnprocessableError(`post ${postId} is a ${post.kind}; only ideas take votes, owners and statuses`, [
      { field: 'path.postId', message: 'must be an idea' },
    ]);
  }
  if (post.status !== 'published') throw new ConflictError(`idea ${postId} is ${post.status}; only published ideas take part`);
  return post;
}

const settingsOf = async (deps: IdeaDeps<IdeaReads>, communityId: string): Promise<IdeaSettings> =>
  (await deps.ideas.ideaSettings(communityId)) ?? DEFAULT_IDEA_SETTINGS;

const closedError = (postId: string, status: string | undefined) =>
  new ConflictError(`idea ${postId} is ${status}; votes are closed once an idea is ${VOTING_CLOSED.join(', ')}`, { ideaStatus: status });

/**
 * Votes for an idea, once per member (a repeat changes nothing), while it takes votes and, when the
 * community sets a vote budget, while the member votes for fewer open ideas than that.
 */
export async function vote(deps: IdeaVoteDeps, caller: Caller, postId: string): Promise<VoteState> {
  const post = await publishedIdea(deps, caller, postId);
  const settings = await settingsOf(deps, post.communityId);
  const at = deps.clock();
  const outcome = await deps.ideas.vote(
    { postId, communityId: post.communityId, memberId: caller.memberId, votedAt: at.toISOString(), day: dayOf(at) },
    settings.voteBudget,
  );
  if (outcome === 'closed') throw closedError(postId, (await deps.ideas.getTally(postId))?.ideaStatus);
  if (outcome === 'over-budget') {
    throw new ConflictError(`community ${post.communityId} lets a member vote for at most ${settings.voteBudget} open ideas; take back a vote first`, {
      voteBudget: settings.voteBudget,
    });
  }
  return voteState(deps, postId, true);
}

/** Takes the caller's vote back (a member without one changes nothing), while the idea takes votes. */
export async function unvote(deps: IdeaVoteDeps, caller: Caller, postId: string): Promise<VoteState> {
  await publishedIdea(deps, caller, postId);
  const outcome = await deps.ideas.unvote(postId, caller.memberId, deps.clock());
  if (outcome === 'closed') throw closedError(postId, (await deps.ideas.getTally(postId))?.ideaStatus);
  return voteState(deps, postId, false);
}

async function voteState(deps: IdeaDeps<IdeaReads>, postId: string, voted: boolean): Promise<VoteState> {
  const tally = await deps.ideas.getTally(postId);
  return { postId, voted, voteCount: tally?.voteCount ?? 0 };
}

/**
 * What one post shows its reader besides itself: their reactions, and for an idea its vote count and
 * whether they vote for it. A few keys read by id, whatever the idea's audience.
 */
export async function withViewerState(deps: Pick<IdeasDeps, 'ideas'>, caller: Caller | undefined, post: Post): Promise<Post> {
  const isIdea = post.kind === 'idea';
  const [reactions, tally, voted] = await Promise.all([
    caller ? deps.ideas.reactionsOf(post.postId, caller.memberId) : undefined,
    isIdea ? deps.ideas.getTally(post.postId) : undefined,
    isIdea && caller ? deps.ideas.votedBy(caller.memberId, [post.postId]) : undefined,
  ]);
  return {
    ...post,
    ...(isIdea ? { voteCount: tally?.voteCount ?? 0 } : {}),
    ...(voted ? { viewerHasVoted: voted.has(post.postId) } : {}),
    ...(reactions ? { viewerReactions: reactions } : {}),
  };
}

/**
 * Ideas by id as the caller sees them on a list: each with its count and, signed in, their vote.
 * Counts a top page already has (its index sorts by them) are not read again.
 */
async function ideaViews(deps: IdeaDeps<IdeaReads>, caller: Caller | undefined, entries: readonly BoardEntry[]): Promise<IdeaView[]> {
  const postIds = entries.map((e) => e.postId);
  const known = new Map(entries.flatMap((e) => (e.voteCount === undefined ? [] : [[e.postId, e.voteCount] as const])));
  const [posts, tallies, voted] = await Promise.all([
    deps.ideas.posts(postIds),
    known.size === entries.length ? new Map<string, Tally>() : deps.ideas.tallies(postIds),
    caller ? deps.ideas.votedBy(caller.memberId, postIds) : undefined,
  ]);
  return posts.map((p) => ({
    ...p,
    voteCount: known.get(p.postId) ?? tallies.get(p.postId)?.voteCount ?? 0,
    ...(voted ? { viewerHasVoted: voted.has(p.postId) } : {}),
  }));
}

const byId = (postIds: readonly string[]): BoardEntry[] => postIds.map((postId) => ({ postId }));

export interface BoardQuery {
  readonly status?: IdeaStatus | undefined;
  readonly sort: IdeaSort;
}

/**
 * A community's ideas: `top` (most votes) and `new` (newest) of one status (default open); `trending`
 * (most votes in the last 7 days) of the ideas still taking votes. Each page is one Query on the
 * index named for its order, then the page's posts, tallies and the caller's votes by id.
 */
export async function board(
  deps: IdeaVoteDeps,
  caller: Caller | undefined,
  communityId: string,
  query: BoardQuery,
  page: PageRequest,
): Promise<Page<IdeaView>> {
  if (query.sort === 'trending' && query.status !== undefined) {
    throw new BadRequestError('status does not apply to sort=trending, which lists the ideas still taking votes; leave status out', [
      { field: 'query.status', message: 'not with sort=trending' },
    ]);
  }
  const ids =
    query.sort === 'trending'
      ? await deps.ideas.trending(communityId, dayOf(deps.clock()), page).then((p) => ({ items: byId(p.items), nextCursor: p.nextCursor }))
      : await deps.ideas.board(communityId, query.status ?? 'open', query.sort, page);
  // Only an empty page reads the community, to tell an unknown community (404) from an empty board.
  if (ids.items.length === 0 && !(await deps.communities.getCommunity(communityId))) throw new NotFoundError(`community ${communityId} does not exist`);
  return { items: await ideaViews(deps, caller, ids.items), nextCursor: ids.nextCursor };
}

/** Who acts on an idea, and as what: a community manager, or a partner of the idea's team. */
function actorOf(caller: Caller, assignment: Assignment | undefined, postId: string): { role: ActorRole; team: string | null } {
  if (isCommunityManager(caller)) return { role: 'community-manager', team: caller.team ?? null };
  if (caller.groups.has('partners')) {
    if (!caller.team) throw new ForbiddenError('this partner account has no team (custom:team); an administrator sets it');
    if (!assignment || assignment.team !== caller.team) {
      // A partner learns nothing about ideas outside their team, not even that they exist.
      throw new NotFoundError(`post ${postId} does not exist`);
    }
    return { role: 'partner', team: caller.team };
  }
  throw new ForbiddenError('moving an idea needs the community-managers group, or the partners group and the idea assigned to your team');
}

/**
 * Moves an idea to `status`, with the official note shown on its timeline (partners must give one).
 * Records who (role, team) and when; shipping puts it on the community's changelog. `merged` only
 * comes from a merge.
 */
export async function changeIdeaStatus(deps: IdeasDeps, caller: Caller, postId: string, status: IdeaStatus, note: string | undefined): Promise<Post> {
  if (!isCommunityManager(caller) && !caller.groups.has('partners')) {
    throw new ForbiddenError('moving an idea needs the community-managers group, or the partners group and the idea assigned to your team');
  }
  const current = await publishedIdea(deps, caller, postId, true);
  const assignment = await deps.ideas.assignment(postId);
  const actor = actorOf(caller, assignment, postId);
  if (status === 'merged') {
    throw new UnprocessableError('an idea becomes merged only by POST /v1/posts/{postId}/merge', [
      { field: 'body.ideaStatus', message: 'use the merge route' },
    ]);
  }
  if (current.ideaStatus === 'merged') throw new ConflictError(`idea ${postId} is merged into ${current.mergedInto}; undo the merge first`);
  if (actor.role === 'partner' && note === undefined) {
    throw new UnprocessableError('a partner moving an idea gives the official status note its voters read', [
      { field: 'body.note', message: 'required for partners' },
    ]);
  }
  if (current.ideaStatus === status) return current;
  const at = deps.clock();
  const entry: TimelineEntry = {
    entryId: newId(deps.clock),
    postId,
    at: at.toISOString(),
    kind: 'status-changed',
    actorRole: actor.role,
    actorTeam: actor.team,
    actorId: caller.memberId,
    from: current.ideaStatus,
    to: status,
    note,
  };
  const after: Post = { ...current, ideaStatus: status, version: current.version + 1, updatedAt: entry.at };
  const settle = settleJobFor(current, status, entry.at);
  // The tally moves in the same transaction, conditioned on its status: no read of it first.
  const outcome = await deps.ideas.changeStatus({ before: current, after, assignment, entry, changelogNote: note ?? null, settle });
  if (outcome.result === 'no-tally') throw new ConflictError(`idea ${postId} has no tally yet; retry in a moment`);
  if (outcome.result === 'missing') throw new NotFoundError(`post ${postId} does not exist`);
  if (outcome.result === 'stale') throw new VersionMismatchError('post', postId, outcome.current.version, [current.version], true);
  if (!isVotingOpen(status) && isVotingOpen(current.ideaStatus)) await deps.ideas.leaveTrending(postId, dayOf(at));
  if (settle) await runSettleSteps(deps, settle, SETTLE_STEPS_IN_REQUEST);
  return outcome.post;
}

export interface AssignInput {
  readonly team: string;
  readonly trackerRef?: string | undefined;
  readonly note?: string | undefined;
}

/** Assigns an idea to one of its community's teams, with the team's tracker reference (community managers). */
export async function assignIdea(deps: IdeaWorkflowDeps, caller: Caller, postId: string, input: AssignInput): Promise<Assignment> {
  if (!isCommunityManager(caller)) throw new ForbiddenError('assigning an idea needs the community-managers group');
  const post = await publishedIdea(deps, caller, postId, true);
  if (post.ideaStatus === 'merged') throw new ConflictError(`idea ${postId} is merged into ${post.mergedInto}; assign that idea instead`);
  const settings = await settingsOf(deps, post.communityId);
  if (!settings.teams.includes(input.team)) {
    throw new UnprocessableError(`team must be one of community ${post.communityId}'s teams (${settings.teams.join(', ')}), got ${input.team}`, [
      { field: 'body.team', message: `one of ${settings.teams.join(', ')}` },
    ]);
  }
  const at = deps.clock().toISOString();
  const assignment: Assignment = {
    postId,
    communityId: post.communityId,
    team: input.team,
    trackerRef: input.trackerRef ?? null,
    ideaStatus: post.ideaStatus ?? 'open',
    assignedAt: at,
    assignedBy: caller.memberId,
  };
  await deps.ideas.assign(assignment, {
    entryId: newId(deps.clock),
    postId,
    at,
    kind: 'assigned',
    actorRole: 'community-manager',
    actorTeam: caller.team ?? null,
    actorId: caller.memberId,
    team: input.team,
    trackerRef: input.trackerRef,
    note: input.note,
  });
  return assignment;
}

/** A partner sees only their team's ideas: any other idea does not exist for them. */
async function assertPartnerMaySee(
  deps: IdeaDeps<Pick<IdeaWorkflow, 'assignment'>>,
  caller: Caller | undefined,
  postId: string,
  known?: Assignment,
): Promise<void> {
  if (!caller || !isPartnerOnly(caller)) return;
  const assignment = known ?? (await deps.ideas.assignment(postId));
  if (!caller.team || assignment?.team !== caller.team) throw new NotFoundError(`post ${postId} does not exist`);
}

/** The idea's owner team, if any (anyone who may see the idea; a partner, their team's ideas). */
export async function ideaAssignment(deps: IdeaWorkflowDeps, caller: Caller | undefined, postId: string): Promise<Assignment> {
  await publishedIdea(deps, caller, postId);
  const assignment = await deps.ideas.assignment(postId);
  await assertPartnerMaySee(deps, caller, postId, assignment);
  if (!assignment) throw new NotFoundError(`idea ${postId} is assigned to no team`);
  return assignment;
}

/** The public timeline of an idea: status changes, assignments and merges, oldest first, without who personally acted. */
export async function timeline(
  deps: IdeaWorkflowDeps,
  caller: Caller | undefined,
  postId: string,
  page: PageRequest,
): Promise<Page<Omit<TimelineEntry, 'actorId'>>> {
  const post = await deps.posts.getPost(postId, { eventual: true });
  if (!post || !canSee(post, caller) || post.kind !== 'idea') throw new NotFoundError(`idea ${postId} does not exist`);
  await assertPartnerMaySee(deps, caller, postId);
  const entries = await deps.ideas.timeline(postId, page);
  return { items: entries.items.map(({ actorId: _actorId, ...entry }) => entry), nextCursor: entries.nextCursor };
}

/** A community's shipped ideas, most recently shipped first, each with the note it shipped with. */
export async function changelog(
  deps: IdeaWorkflowDeps,
  caller: Caller | undefined,
  communityId: string,
  page: PageRequest,
): Promise<Page<ChangelogItem & { readonly idea: IdeaView }>> {
  if (!(await deps.communities.getCommunity(communityId))) throw new NotFoundError(`community ${communityId} does not exist`);
  const entries = await deps.ideas.changelog(communityId, page);
  const views = new Map((await ideaViews(deps, caller, byId(entries.items.map((e) => e.postId)))).map((v) => [v.postId, v]));
  return {
    items: entries.items.flatMap((e) => {
      const idea = views.get(e.postId);
      return idea ? [{ ...e, idea }] : [];
    }),
    nextCursor: entries.nextCursor,
  };
}

/** The ideas assigned to the calling partner's team, of one status (default open), newest first. */
export async function partnerIdeas(deps: IdeaWorkflowDeps, caller: Caller, status: IdeaStatus | undefined, page: PageRequest): Promise<Page<IdeaView>> {
  if (!caller.groups.has('partners')) throw new ForbiddenError("the partners' list needs the partners group");
  if (!caller.team) throw new ForbiddenError('this partner account has no team (custom:team); an administrator sets it');
  const ids = await deps.ideas.teamIdeas(caller.team, status ?? 'open', page);
  return { items: await ideaViews(deps, caller, byId(ids.items)), nextCursor: ids.nextCursor };
}

/** A community's idea settings (its teams, its vote budget): the defaults until a manager sets them. */
export async function ideaSettings(deps: IdeaWorkflowDeps, communityId: string): Promise<IdeaSettings> {
  if (!(await deps.communities.getCommunity(communityId))) throw new NotFoundError(`community ${communityId} does not exist`);
  return settingsOf(deps, communityId);
}

export async function putIdeaSettings(deps: IdeaWorkflowDeps, caller: Caller, communityId: string, settings: IdeaSettings): Promise<IdeaSettings> {
  if (!isCommunityManager(caller)) throw new ForbiddenError("setting a community's teams and vote budget needs the community-managers group");
  if (!(await deps.communities.getCommunity(communityId))) throw new NotFoundError(`community ${communityId} does not exist`);
  const clean: IdeaSettings = { teams: [...new Set(settings.teams)], voteBudget: settings.voteBudget };
  await deps.ideas.putIdeaSettings(communityId, clean);
  return clean;
}
