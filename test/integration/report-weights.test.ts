/**
 * Reports weighed by the reporter's standing in the community (issue 10 §5, issue 15 "Trust"): three
 * brand-new accounts cannot hide a post at a threshold of 3, three established members can. Over
 * HTTP with a policy that needs one post and no days; with an injected clock on DynamoDB Local for
 * the default's seven days.
 */
import { createCommunity } from '../../lambdas/communities/communities';
import type { Caller } from '../../lambdas/domain/caller';
import { getItem, putModerationPolicy } from '../../lambdas/moderation/moderation';
import { reportPost } from '../../lambdas/moderation/reports';
import { DEFAULT_POLICY } from '../../lambdas/moderation/screening';
import { createPost, getPost } from '../../lambdas/posts/posts';
import { tableDeps } from './support/table-deps';
import { uniqueId } from './support/api';
import { type Member, member, openCommunity } from './support/fixtures';

const members = (role: string, n: number) => Promise.all(Array.from({ length: n }, (_, i) => member(`${role}${i}`)));

describe('report weights over HTTP', () => {
  it('let three established members hide a post at a threshold of 3, and not three brand-new accounts', async () => {
    // Prepare: the default threshold of 3, established after one post (no waiting, so HTTP can show it).
    const [{ communityId, manager }, alice, reader, mo, newcomers, regulars] = await Promise.all([
      openCommunity('weights'),
      member('alice'),
      member('reader'),
      member('mo', ['moderators']),
      members('newcomer', 3),
      members('regular', 3),
    ]);
    const defaults = await manager.get(`/v1/communities/${communityId}/moderation-policy`);
    expect(defaults.body).toMatchObject({
      reportThreshold: 3,
      reportWeighting: { establishedAfterDays: 7, establishedAfterPosts: 1, newMemberWeightPercent: 25 },
    });
    const reportWeighting = { establishedAfterDays: 0, establishedAfterPosts: 1, newMemberWeightPercent: 25 };
    expect((await manager.put(`/v1/communities/${communityId}/moderation-policy`, { reportThreshold: 3, reportWeighting })).status).toBe(200);
    const postBy = async (author: Member, title: string) => {
      const res = await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title, body: 'An ordinary post' });
      expect(res.status).toBe(201);
      return res.body.postId as string;
    };
    const [byNewcomers, byRegulars] = [await postBy(alice, 'Reported by newcomers'), await postBy(alice, 'Reported by regulars')];
    for (const regular of regulars) await postBy(regular, `Hello from ${regular.name}`);

    // Act: three reports of brand-new accounts on one post, three of established members on the other.
    for (const newcomer of newcomers) expect((await newcomer.post(`/v1/posts/${byNewcomers}/reports`, { reasonCode: 'spam' })).status).toBe(201);
    for (const regular of regulars) expect((await regular.post(`/v1/posts/${byRegulars}/reports`, { reasonCode: 'spam' })).status).toBe(201);

    // Assess: the newcomers' target stays visible, weighing three quarters; the regulars' is hidden.
    expect((await reader.get(`/v1/posts/${byNewcomers}`)).status).toBe(200);
    expect((await mo.get(`/v1/moderation/items/post-${byNewcomers}`)).body).toMatchObject({ reportCount: 3, reportWeightPercent: 75, status: 'pending' });
    expect((await reader.get(`/v1/posts/${byRegulars}`)).status).toBe(404);
    expect((await mo.get(`/v1/moderation/items/post-${byRegulars}`)).body).toMatchObject({ reportCount: 3, reportWeightPercent: 300, priority: 'high' });
  });

  it('refuse a weighting outside its bounds with the field named', async () => {
    const { communityId, manager } = await openCommunity('weights-bad');
    const res = await manager.put(`/v1/communities/${communityId}/moderation-policy`, {
      reportWeighting: { establishedAfterDays: 7, establishedAfterPosts: 1, newMemberWeightPercent: 101 },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.reportWeighting.newMemberWeightPercent']);
  });
});

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });

(local ? describe : describe.skip)('report weights by account age (injected clock, DynamoDB Local)', () => {
  it('weigh a member in full from the 7th day after their first post in the community, not a second before', async () => {
    // Prepare: the default policy (threshold 3, full weight after 7 days and 1 post); three members post at T0.
    let now = new Date('2026-11-02T09:00:00.000Z');
    const d = tableDeps(() => now);
    const run = uniqueId('age');
    const [cara, alice, mo] = [who(`${run}-cara`, 'community-managers'), who(`${run}-alice`, 'members'), who(`${run}-mo`, 'moderators')];
    const reporters = [0, 1, 2].map((i) => who(`${run}-reporter${i}`, 'members'));
    const communityId = run;
    await createCommunity(d, cara, { communityId, name: 'Age', description: '' });
    await putModerationPolicy(d, cara, communityId, DEFAULT_POLICY);
    const postBy = async (author: Caller) =>
      (await createPost(d, author, communityId, { kind: 'discussion', title: 'A post', body: `by ${author.memberId}`, productIds: [], tags: [] })).postId;
    for (const reporter of reporters) await postBy(reporter);
    const [early, onTime] = [await postBy(alice), await postBy(alice)];

    // Act: they report one post a second before their 7th day, the other on it.
    now = new Date(Date.parse('2026-11-09T09:00:00.000Z') - 1000);
    for (const reporter of reporters) await reportPost(d, reporter, early, { reasonCode: 'spam' });
    now = new Date('2026-11-09T09:00:00.000Z');
    for (const reporter of reporters) await reportPost(d, reporter, onTime, { reasonCode: 'spam' });

    // Assess
    expect((await getPost(d, alice, early)).status).toBe('published');
    expect(await getItem(d, mo, `post-${early}`)).toMatchObject({ reportCount: 3, reportWeightPercent: 75 });
    expect((await getPost(d, alice, onTime)).status).toBe('held');
    expect(await getItem(d, mo, `post-${onTime}`)).toMatchObject({ reportCount: 3, reportWeightPercent: 300 });
  });
});
