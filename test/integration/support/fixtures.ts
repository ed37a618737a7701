/**
 * Data a test owns: members whose names no other test uses and communities no other test writes to,
 * so each test passes alone and in any order (CI runs jest with --randomize).
 */
import { api, type ApiClient, tokenFor, uniqueId } from './api';

/** A client calling as a member of the test's own; `name` is the user name its token carries. */
export interface Member extends ApiClient {
  readonly name: string;
}

/** A member named after `role` plus a suffix unique to this run and call ("alice-kx3fa9c2e1-7"). */
export async function member(role: string, groups: readonly string[] = ['members']): Promise<Member> {
  const name = uniqueId(role);
  return { name, ...api(await tokenFor(name, groups)) };
}

export interface OwnCommunity {
  readonly communityId: string;
  /** The community manager who opened it (for policies and idea statuses). */
  readonly manager: Member;
}

export interface CommunityOptions {
  readonly name?: string;
  /** @default 100 */
  readonly postsPerMinute?: number;
  /** @default 100 */
  readonly commentsPerMinute?: number;
}

/** Opens a community of the test's own; limits default high enough that no test meets them by accident. */
export async function openCommunity(prefix: string, options: CommunityOptions = {}): Promise<OwnCommunity> {
  const manager = await member('manager', ['community-managers']);
  const communityId = uniqueId(prefix);
  const rateLimits = { postsPerMinute: options.postsPerMinute ?? 100, commentsPerMinute: options.commentsPerMinute ?? 100 };
  const res = await manager.post('/v1/communities', { communityId, name: options.name ?? prefix, rateLimits });
  if (res.status !== 201) throw new Error(`opening community ${communityId} answered ${res.status}, expected 201: ${JSON.stringify(res.body)}`);
  return { communityId, manager };
}

/** A policy's report weighting under which every report weighs a full report, as before weighting existed. */
export const FULL_WEIGHT = { establishedAfterDays: 0, establishedAfterPosts: 0, newMemberWeightPercent: 100 } as const;
