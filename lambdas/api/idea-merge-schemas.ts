/** The idea-merges group's request and response schemas: a merge and its job. */
import * as z from 'zod/mini';
import { CommunityId, described, Ulid } from './common-schemas';

const count = () => z.int().check(z.minimum(0));

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
