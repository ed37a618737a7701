/** The ideas group's request and response schemas: votes, the board, merges, teams, timelines, the changelog, settings. */
import * as z from 'zod';
import { IDEA_SORTS, MAX_TEAMS, TEAM_PATTERN } from '../ideas/model';
import { CommunityId, page, pageLimit, text, Ulid } from './common-schemas';
import { IdeaStatus, Post } from './post-schemas';

export const TeamId = z.string().regex(TEAM_PATTERN, 'a team is 2-40 lowercase letters, digits or dashes').meta({ id: 'TeamId', example: 'supply-chain' });

export const VoteState = z
  .object({ postId: Ulid, voted: z.boolean().describe('whether the caller votes for the idea now'), voteCount: z.int().min(0) })
  .meta({ id: 'VoteState' });

export const Idea = Post.extend({ voteCount: z.int().min(0) }).meta({ id: 'Idea' });
export const IdeaPage = page(Idea, 'IdeaPage');

const cursor = z.string().max(2048).optional();

export const BoardQuery = z.strictObject({
  sort: z.enum(IDEA_SORTS, { error: `sort must be one of ${IDEA_SORTS.join(', ')}` }).default('top'),
  status: IdeaStatus.optional().describe('top and new: the ideas of this status (default open); not with trending'),
  limit: pageLimit,
  cursor,
});

export const PartnerIdeasQuery = z.strictObject({ status: IdeaStatus.optional().describe('default open'), limit: pageLimit, cursor });

export const MergeRequest = z.strictObject({ targetPostId: Ulid.describe('the idea to merge this one into') }).meta({ id: 'MergeRequest' });

export const MergeJob = z
  .object({
    fromPostId: Ulid,
    intoPostId: Ulid,
    communityId: CommunityId,
    direction: z.enum(['merge', 'unmerge']),
    state: z.enum(['running', 'done']).describe('running: votes are still moving, in bounded steps; the ideas worker finishes'),
    steps: z.int().min(0),
    moved: z.int().min(0).describe('votes moved to the target (undo: taken back from it)'),
    duplicates: z.int().min(0).describe('voters of both ideas, counted once on the target'),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'MergeJob' });

export const AssignmentRequest = z
  .strictObject({
    team: TeamId.describe("one of the community's teams (GET .../idea-settings)"),
    trackerRef: text('trackerRef', 1, 500).optional().describe("the idea's work item in the team's own tracker: a URL or a key (SC-1042)"),
    note: text('note', 1, 2000).optional(),
  })
  .meta({ id: 'AssignmentRequest' });

export const Assignment = z
  .object({
    postId: Ulid,
    communityId: CommunityId,
    team: TeamId,
    trackerRef: z.string().nullable(),
    ideaStatus: IdeaStatus,
    assignedAt: z.iso.datetime(),
  })
  .meta({ id: 'Assignment' });

export const TimelineEntry = z
  .object({
    entryId: Ulid,
    postId: Ulid,
    at: z.iso.datetime(),
    kind: z.enum(['status-changed', 'assigned', 'merged', 'unmerged', 'merged-from', 'unmerged-from']),
    actorRole: z.enum(['community-manager', 'partner']),
    actorTeam: z.string().nullable(),
    from: IdeaStatus.optional(),
    to: IdeaStatus.optional(),
    note: z.string().optional().describe('the official, public note'),
    team: z.string().optional(),
    trackerRef: z.string().optional(),
    otherPostId: Ulid.optional().describe('merged / merged-from: the other idea'),
  })
  .meta({ id: 'TimelineEntry' });
export const TimelinePage = page(TimelineEntry, 'TimelinePage');

export const ChangelogEntry = z
  .object({ postId: Ulid, shippedAt: z.iso.datetime(), note: z.string().nullable(), team: z.string().nullable(), idea: Idea })
  .meta({ id: 'ChangelogEntry' });
export const ChangelogPage = page(ChangelogEntry, 'ChangelogPage');

export const IdeaSettings = z
  .strictObject({
    teams: z.array(TeamId).min(1, 'teams must list at least one team').max(MAX_TEAMS, `teams must have at most ${MAX_TEAMS} items`),
    voteBudget: z
      .int('voteBudget must be a whole number')
      .min(1, 'voteBudget must be at least 1')
      .max(1000, 'voteBudget must be at most 1000')
      .nullable()
      .describe('at most this many ideas voted per member; null: no limit'),
  })
  .meta({ id: 'IdeaSettings' });

export type IdeaSettingsBody = z.infer<typeof IdeaSettings>;
