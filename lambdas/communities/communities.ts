import type { Community, NewCommunity } from '../api/schemas';
import { isCommunityManager, type Caller } from '../domain/caller';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import { createOnce, type RequestKey } from '../domain/once';
import type { ChorusDeps, Page, PageRequest } from '../domain/ports';

/** What a community allows when its manager sets nothing: enough for people, not for scripts. */
export const DEFAULT_RATE_LIMITS = { postsPerMinute: 5, commentsPerMinute: 20 } as const;

/** What the community use cases need. */
export type CommunitiesDeps = Pick<ChorusDeps, 'communities' | 'requests' | 'clock'>;

/** Opens a community; with a request key, once per key (a repeat answers with the first community, not 409). */
export const createCommunity = (deps: CommunitiesDeps, caller: Caller, input: NewCommunity, requestKey?: RequestKey): Promise<Community> =>
  createOnce(deps, caller.memberId, requestKey, async (markerOf) => {
    if (!isCommunityManager(caller)) throw new ForbiddenError('creating a community needs the community-managers group');
    const community: Community = {
      communityId: input.communityId,
      name: input.name,
      description: input.description,
      rateLimits: input.rateLimits ?? { ...DEFAULT_RATE_LIMITS },
      createdAt: deps.clock().toISOString(),
      createdBy: caller.memberId,
    };
    await deps.communities.createCommunity(community, markerOf(community.communityId, community));
    return community;
  });

export async function getCommunity(deps: Pick<ChorusDeps, 'communities'>, communityId: string): Promise<Community> {
  const record = await deps.communities.getCommunity(communityId);
  if (!record) throw new NotFoundError(`community ${communityId} does not exist`);
  // The policy (blocked and watched terms) is for managers and moderators only.
  const { moderationPolicy: _policy, ...community } = record;
  return community;
}

export const listCommunities = (deps: Pick<ChorusDeps, 'communities'>, page: PageRequest): Promise<Page<Community>> => deps.communities.listCommunities(page);
