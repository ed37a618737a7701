import { MalformedItemError } from '../../../../lambdas/store/attributes';
import {
  communityItem,
  communityKey,
  directoryList,
  directoryQuery,
  toCommunity,
  toCommunityRecord,
  toModerationPolicy,
} from '../../../../lambdas/store/entities/community';
import { DEFAULT_POLICY } from '../../../../lambdas/moderation/screening';

const community = {
  communityId: 'outdoor-gear',
  name: 'Outdoor',
  description: '',
  rateLimits: { postsPerMinute: 5, commentsPerMinute: 20 },
  createdAt: 'now',
  createdBy: 'cara',
};

describe('community', () => {
  it('is keyed by its id and listed in the directory by id', () => {
    expect(communityKey('outdoor-gear')).toEqual({ pk: 'COMMUNITY#outdoor-gear', sk: 'COMMUNITY' });
    expect(communityItem(community)).toMatchObject({ directoryPk: 'COMMUNITIES', directorySk: 'outdoor-gear', type: 'community' });
    expect(directoryList().partition).toEqual({ attribute: 'directoryPk', value: 'COMMUNITIES' });
    expect(directoryQuery('t', 10)).toMatchObject({ IndexName: 'byDirectory', ScanIndexForward: true, Limit: 10 });
  });

  it('maps back to what the API shows, and to the record with its policy for the rules', () => {
    const item = { ...communityItem(community), moderationPolicy: DEFAULT_POLICY };
    expect(toCommunity(item)).toEqual(community);
    expect(toCommunityRecord(item)).toEqual({ ...community, moderationPolicy: DEFAULT_POLICY });
    expect(toCommunityRecord(communityItem(community))).toEqual(community);
    expect(toModerationPolicy(communityItem(community))).toBeUndefined();
  });

  it('refuses a malformed item, naming the attribute', () => {
    expect(() => toCommunity({ ...communityItem(community), rateLimits: [5, 20] })).toThrow(MalformedItemError);
    expect(() => toCommunity({ ...communityItem(community), rateLimits: [5, 20] })).toThrow(/attribute rateLimits must be a map, got a list/);
    expect(() => toModerationPolicy({ ...communityItem(community), moderationPolicy: 'strict' })).toThrow(/attribute moderationPolicy must be a map/);
  });
});
