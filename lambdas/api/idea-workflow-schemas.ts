/** The idea-workflow group's request and response schemas: owner teams, timelines, the changelog, partners' lists, settings. */
import * as z from 'zod/mini';
import { MAX_TEAMS, TEAM_PATTERN } from '../ideas/model';
import { CommunityId, cursor, page, pageLimit, text, Ulid } from './common-schemas';
import { Idea } from './idea-schemas';
import { described, IdeaStatus } from './post-view-schemas';

export const TeamId = z
  .string()
  .check(z.regex(TEAM_PATTERN, 'a team is 2-40 lowercase letters, digits or dashes'))
  .register(z.globalRegistry, { id: 'TeamId', example: 'supply-chain' });

export const PartnerIdeasQuery = z.strictObject({ status: described(z.optional(IdeaStatus), 'default open'), limit: pageLimit, cursor });

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
