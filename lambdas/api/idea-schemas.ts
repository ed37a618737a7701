/** The ideas group's request and response schemas: votes, the board, merges, teams, timelines, the changelog, settings. */
import * as z from 'zod/mini';
import { IDEA_SORTS, MAX_TEAMS, TEAM_PATTERN } from '../ideas/model';
import { CommunityId, cursor, page, pageLimit, text, Ulid } from './common-schemas';
import { described, IdeaStatus, Post } from './post-schemas';

export const TeamId = z
  .string()
  .check(z.regex(TEAM_PATTERN, 'a team is 2-40 lowercase letters, digits or dashes'))
  .register(z.globalRegistry, { id: 'TeamId', example: 'supply-chain' });

const count = () => z.int().check(z.minimum(0));

export const VoteState = z
  .object({ postId: Ulid, voted: described(z.boolean(), 'whether the caller votes for the idea now'), voteCount: count() })
  .register(z.globalRegistry, { id: 'VoteState' });

export const Idea = z.extend(Post, { voteCount: count() }).register(z.globalRegistry, { id: 'Idea' });
export const IdeaPage = page(Idea, 'IdeaPage');

export const BoardQuery = z.strictObject({
  sort: z._default(z.enum(IDEA_SORTS, { error: `sort must be one of ${IDEA_SORTS.join(', ')}` }), 'top'),
  status: described(z.optional(IdeaStatus), 'top and new: the ideas of this status (default open); not with trending'),
  limit: pageLimit,
  cursor,
});

export const PartnerIdeasQuery = z.strictObject({ status: described(z.optional(IdeaStatus), 'default open'), limit: pageLimit, cursor });

export const MergeRequest = z
  .strictObject({
    targetPostId: described(z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a 26-character ULID')), 'the idea to merge this one into'),
  })
  .register(z.globalRegistry, { id: 'MergeRequest' });

export const MergeJob = z
  .object({
    fromPostId: Ulid,
    intoPostId: Ulid,
    communityId: CommunityId,
    direction: z.enum(['merge', 'unmerge']),
    state: described(z.enum(['running', 'done']), 'running: votes are still moving, in bounded steps; the ideas worker finishes'),
    steps: count(),
    moved: described(count(), 'votes moved to the target (undo: taken back from it)'),
    duplicates: described(count(), 'voters of both ideas, counted once on the target'),
    startedAt: z.iso.datetime(),
    finishedAt: z.nullable(z.iso.datetime()),
  })
  .register(z.globalRegistry, { id: 'MergeJob' });

export const AssignmentRequest = z
  .strictObject({
    team: TeamId,
    trackerRef: described(z.optional(text('trackerRef', 1, 500)), "the idea's work item in the team's own tracker: a URL or a key (SC-1042)"),
    note: z.optional(text('note', 1, 2000)),
  })
  .register(z.globalRegistry, { id: 'AssignmentRequest', description: "team: one of the community's teams (GET .../idea-settings)" });

export const Assignment = z
  .object({
    postId: Ulid,
    communityId: CommunityId,
    team: TeamId,
    trackerRef: z.nullable(z.string()),
    ideaStatus: IdeaStatus,
    assignedAt: z.iso.datetime(),
  })
  .register(z.globalRegistry, { id: 'Assignment' });

export const TimelineEntry = z
  .object({
    entryId: Ulid,
    postId: Ulid,
    at: z.iso.datetime(),
    kind: z.enum(['status-changed', 'assigned', 'merged', 'unmerged', 'merged-from', 'unmerged-from']),
    actorRole: z.enum(['community-manager', 'partner']),
    actorTeam: z.nullable(z.string()),
    from: z.optional(IdeaStatus),
    to: z.optional(IdeaStatus),
    note: described(z.optional(z.string()), 'the official, public note'),
    team: z.optional(z.string()),
    trackerRef: z.optional(z.string()),
    otherPostId: described(z.optional(Ulid), 'merged / merged-from: the other idea'),
  })
  .register(z.globalRegistry, { id: 'TimelineEntry' });
export const TimelinePage = page(TimelineEntry, 'TimelinePage');

export const ChangelogEntry = z
  .object({ postId: Ulid, shippedAt: z.iso.datetime(), note: z.nullable(z.string()), team: z.nullable(z.string()), idea: Idea })
  .register(z.globalRegistry, { id: 'ChangelogEntry' });
export const ChangelogPage = page(ChangelogEntry, 'ChangelogPage');

export const IdeaSettings = z
  .strictObject({
    teams: z.array(TeamId).check(z.minLength(1, 'teams must list at least one team'), z.maxLength(MAX_TEAMS, `teams must have at most ${MAX_TEAMS} items`)),
    voteBudget: described(
      z.nullable(
        z.int('voteBudget must be a whole number').check(z.minimum(1, 'voteBudget must be at least 1'), z.maximum(1000, 'voteBudget must be at most 1000')),
      ),
      'at most this many ideas voted per member; null: no limit',
    ),
  })
  .register(z.globalRegistry, { id: 'IdeaSettings' });
