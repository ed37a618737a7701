import type { Community, NewCommunity } from '../api/schemas';
import { isCommunityManager, type Caller } from '../domain/caller';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import type { ChorusDeps, Page, PageRequest } from '../domain/ports';

/** What a community allows when its manager sets nothing: enough for people, not for scripts. */
export const DEFAULT_RATE_LIMITS = { postsPerMinute: 5, commentsPerMinute: 20 } as const;

/** What the community use cases need. */
export type CommunitiesDeps = Pick<ChorusDeps, 'communities' | 'clock'>;

export async function createCommunity(deps: CommunitiesDeps, caller: Caller, input: NewCommunity): Promise<Community> {
  if (!isCommunityManager(caller)) throw new ForbiddenError('creating a community needs the community-managers group');
  const community: Community = {
    communityId: input.communityId,
    name: input.name,
    description: input.description,
    rateLimits: input.rateLimits ?? { ...DEFAULT_RATE_LIMITS },
    createdAt: deps.clock().toISOString(),
    createdBy: caller.memberId,
  };
  await deps.communities.createCommunity(community);
  return community;
}

export async function getCommunity(deps: Pick<ChorusDeps, 'communities'>, communityId: string): Promise<Community> {
  const record = await deps.communities.getCommunity(communityId);
  if (!record) throw new NotFoundError(`community ${communityId} does not exist`);
  // The policy (blocked and watched terms) is for managers and moderators only.
  const { moderationPolicy: _policy, ...community } = record;
  return community;
}

export const listCommunities = (deps: Pick<ChorusDeps, 'communities'>, page: PageRequest): Promise<Page<Community>> => deps.communities.listCommunities(page);
