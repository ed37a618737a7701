/** The communities group's request and response schemas. */
import * as z from 'zod/mini';
import { CommunityId, MemberId, page, text } from './common-schemas';

const perMinute = z.int().check(z.minimum(1), z.maximum(600));

export const RateLimits = z
  .strictObject({
    postsPerMinute: perMinute,
    commentsPerMinute: perMinute,
  })
  .register(z.globalRegistry, { id: 'RateLimits' });

export const NewCommunity = z
  .strictObject({
    communityId: CommunityId,
    name: text('name', 1, 80),
    description: z._default(text('description', 0, 2000), ''),
    rateLimits: z.optional(RateLimits),
  })
  .register(z.globalRegistry, { id: 'NewCommunity' });

export const Community = z
  .object({
    communityId: CommunityId,
    name: z.string(),
    description: z.string(),
    rateLimits: RateLimits,
    createdAt: z.iso.datetime(),
    createdBy: MemberId,
  })
  .register(z.globalRegistry, { id: 'Community' });

export const CommunityPage = page(Community, 'CommunityPage');

export type NewCommunity = z.infer<typeof NewCommunity>;
export type Community = z.infer<typeof Community>;
