/** The communities group's request and response schemas. */
import * as z from 'zod';
import { CommunityId, MemberId, page, text } from './common-schemas';

export const RateLimits = z
  .strictObject({
    postsPerMinute: z.int().min(1).max(600),
    commentsPerMinute: z.int().min(1).max(600),
  })
  .meta({ id: 'RateLimits' });

export const NewCommunity = z
  .strictObject({
    communityId: CommunityId,
    name: text('name', 1, 80),
    description: text('description', 0, 2000).default(''),
    rateLimits: RateLimits.optional(),
  })
  .meta({ id: 'NewCommunity' });

export const Community = z
  .object({
    communityId: CommunityId,
    name: z.string(),
    description: z.string(),
    rateLimits: RateLimits,
    createdAt: z.iso.datetime(),
    createdBy: MemberId,
  })
  .meta({ id: 'Community' });

export const CommunityPage = page(Community, 'CommunityPage');

export type NewCommunity = z.infer<typeof NewCommunity>;
export type Community = z.infer<typeof Community>;
