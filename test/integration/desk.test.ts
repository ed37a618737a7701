/**
 * The response desk over HTTP on the emulators, and (for time) through the use cases and the real
 * adapter with an injected clock: entering on publish, leaving on the first staff reaction, claims
 * and leases shared with the moderation queue's mechanism, time to first response from counters.
 */
import type { Caller } from '../../lambdas/domain/caller';
import type { ChorusDeps } from '../../lambdas/domain/ports';
import { createComment } from '../../lambdas/comments/comments';
import { createCommunity } from '../../lambdas/communities/communities';
import { claimNextDeskItem, closeDeskItem, deskStats, putResponsePolicy } from '../../lambdas/desk/desk';
import { waitBucketOf } from '../../lambdas/moderation/stats';
import { createPost } from '../../lambdas/posts/posts';
import { ResponsePolicy } from '../../lambdas/api/desk-schemas';
import { api, tokenFor, uniqueId, type ApiClient } from './support/api';
import { tableDeps } from './support/table-deps';

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const POLICY = { question: { withinHours: 4 }, review: { withinHours: 24, maxRating: 2 }, idea: null };

let manager: ApiClient;
let member: ApiClient;
let staff: ApiClient;
let otherStaff: ApiClient;
let moderator: ApiClient;
let otherMember: ApiClient;

beforeAll(async () => {
  otherMember = api(await tokenFor('desk-bob', ['members']));
  const [m, a, s, t, mo] = await Promise.all([
    tokenFor('desk-cara', ['community-managers']),
    tokenFor('desk-alice', ['members']),
    tokenFor('desk-sol', ['retail-staff']),
    tokenFor('desk-tim', ['retail-staff']),
    tokenFor('desk-mo', ['moderators']),
  ]);
  [manager, member, staff, otherStaff, moderator] = [api(m), api(a), api(s), api(t), api(mo)];
});

async function communityWithDesk(moderationPolicy?: object): Promise<string> {
  const communityId = uniqueId('desk');
  expect((await manager.post('/v1/communities', { communityId, name: 'Desk', rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 } })).status).toBe(201);
  expect((await manager.put(`/v1/communities/${communityId}/response-policy`, POLICY)).status).toBe(200);
  if (moderationPolicy) expect((await manager.put(`/v1/communities/${communityId}/moderation-policy`, moderationPolicy)).status).toBe(200);
  return communityId;
}

const question = (c: ApiClient, communityId: string, title = 'Does it fit a 40 L pack?') =>
  c.post(`/v1/communities/${communityId}/posts`, { kind: 'question', title, body: 'Asking before I buy.' });

const deskItems = async (communityId: string) => (await staff.get(`/v1/desk/items?communityId=${communityId}`)).body.items as any[];

describe('the response desk over HTTP', () => {
  it("takes a question in with its due time; an author's edit and a member comment leave it there; an official answer takes it out and records the time", async () => {
    const communityId = await communityWithDesk();
    const posted = await question(member, communityId);
    expect(posted.status).toBe(201);

    const [item] = await deskItems(communityId);
    expect(item).toMatchObject({ itemId: `desk-${posted.body.postId}`, kind: 'question', status: 'open', overdue: false });
    expect(Date.parse(item.dueAt) - Date.parse(item.enteredAt)).toBe(4 * 3600 * 1000);

    expect((await member.patch(`/v1/posts/${posted.body.postId}`, { title: 'Does it fit a 45 L pack?' }, { 'if-match': '"1"' })).status).toBe(200);
    const memberComment = await member.post(`/v1/posts/${posted.body.postId}/comments`, { body: 'Same question here' });
    expect(memberComment.status).toBe(201);
    expect(memberComment.body.official).toBeUndefined();
    expect(await deskItems(communityId)).toEqual([expect.objectContaining({ itemId: item.itemId, dueAt: item.dueAt, enteredAt: item.enteredAt })]);

    const answer = await staff.post(`/v1/posts/${posted.body.postId}/comments`, { body: 'Yes, it fits.' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ official: true, responderRole: 'retail-staff' });
    expect(await deskItems(communityId)).toEqual([]);
    const listed = (await member.get(`/v1/posts/${posted.body.postId}/comments`)).body.items;
    expect(listed.find((c: any) => c.commentId === answer.body.commentId)).toMatchObject({ official: true });

    const stats = (await staff.get(`/v1/desk/stats?communityId=${communityId}&windowDays=1`)).body;
    expect(stats.byKind.question).toMatchObject({ responded: 1, met: 1, missed: 0, attainmentPercent: 100 });
    expect(stats.byKind.question.p50Seconds).toBeGreaterThanOrEqual(0);
    expect(stats.open.total).toBe(0);
  });

  it("takes a question out when its author accepts an answer, and the feed's answered filter follows", async () => {
    const communityId = await communityWithDesk();
    const [open, answered] = [await question(member, communityId, 'Still open'), await question(member, communityId, 'Soon answered')];
    const reply = await otherMember.post(`/v1/posts/${answered.body.postId}/comments`, { body: 'It fits, I tried.' });
    expect((await otherMember.put(`/v1/posts/${answered.body.postId}/accepted-answer`, { commentId: reply.body.commentId })).status).toBe(403);

    const accepted = await member.put(`/v1/posts/${answered.body.postId}/accepted-answer`, { commentId: reply.body.commentId });
    expect(accepted.status).toBe(200);
    expect(accepted.body.acceptedAnswer).toMatchObject({ commentId: reply.body.commentId, answerAuthorId: reply.body.authorId });
    expect((await deskItems(communityId)).map((i) => i.postId)).toEqual([open.body.postId]);
    const feed = async (answeredFilter: boolean) =>
      (await member.get(`/v1/communities/${communityId}/posts?answered=${answeredFilter}`)).body.items.map((p: any) => p.postId);
    expect(await feed(true)).toEqual([answered.body.postId]);
    expect(await feed(false)).toEqual([open.body.postId]);

    expect((await member.delete(`/v1/posts/${answered.body.postId}/accepted-answer`)).body.acceptedAnswer).toBeUndefined();
    expect(await feed(false)).toEqual([answered.body.postId, open.body.postId]);
    expect((await member.get(`/v1/communities/${communityId}/posts?answered=true&kind=idea`)).status).toBe(422);
  });

  it('never takes in a 4-star review, and takes in a 1-star one', async () => {
    const communityId = await communityWithDesk();
    const review = (rating: number) =>
      member.post(`/v1/communities/${communityId}/posts`, { kind: 'review', title: `${rating} stars`, body: 'My verdict.', productIds: ['SKU-DESK'], rating });
    const [four, one] = [await review(4), await review(1)];
    expect([four.status, one.status]).toEqual([201, 201]);
    expect((await deskItems(communityId)).map((i) => i.postId)).toEqual([one.body.postId]);
  });

  it('takes in a held question only when a moderator approves it', async () => {
    const communityId = await communityWithDesk({ mode: 'pre-moderation' });
    const posted = await question(member, communityId);
    expect(posted.body.status).toBe('held');
    expect(await deskItems(communityId)).toEqual([]);

    const leased = await moderator.put(`/v1/moderation/items/post-${posted.body.postId}/lease`);
    const decided = await moderator.post(`/v1/moderation/items/post-${posted.body.postId}/decision`, { action: 'approve', version: leased.body.version });
    expect(decided.status).toBe(200);
    const [item] = await deskItems(communityId);
    expect(item).toMatchObject({ postId: posted.body.postId, status: 'open' });
    expect(Date.parse(item.enteredAt)).toBeGreaterThanOrEqual(Date.parse(decided.body.lastDecision.decidedAt));
  });

  it('never gives the same item to two staff members claiming at once', async () => {
    const communityId = await communityWithDesk();
    for (const n of [1, 2, 3]) expect((await question(member, communityId, `Question ${n}`)).status).toBe(201);
    const claims = await Promise.all(
      [staff, otherStaff, staff, otherStaff, staff, otherStaff].map((c) => c.post(`/v1/desk/items/claim-next?communityId=${communityId}`)),
    );
    const won = claims.filter((r) => r.status === 200).map((r) => r.body.itemId);
    expect(claims.filter((r) => r.status === 204)).toHaveLength(3);
    expect(new Set(won).size).toBe(3);
  });

  it('posts both of two staff comments made at once on a question, and records only the first as the desk response', async () => {
    const communityId = await communityWithDesk();
    const questions = [];
    for (const n of [1, 2, 3]) questions.push((await question(member, communityId, `Answered twice ${n}`)).body.postId as string);
    const comments = await Promise.all(
      questions.flatMap((postId) => [staff, otherStaff].map((c) => c.post(`/v1/posts/${postId}/comments`, { body: `On it (${postId})` }))),
    );
    expect(comments.map((r) => r.status)).toEqual(comments.map(() => 201));
    for (const r of comments) expect(r.body).toMatchObject({ official: true, responderRole: 'retail-staff' });

    for (const [n, postId] of questions.entries()) {
      // A close of an item that left the desk answers 409 with the item as it is.
      const { item } = (await staff.post(`/v1/desk/items/desk-${postId}/close`, { reasonCode: 'duplicate' })).body;
      const pair = [comments[2 * n]!.body, comments[2 * n + 1]!.body];
      expect(item).toMatchObject({ status: 'responded', response: { via: 'official-comment' } });
      expect(pair.map((c) => c.commentId)).toContain(item.response.commentId);
      const listed = (await member.get(`/v1/posts/${postId}/comments`)).body.items.map((c: any) => c.commentId);
      expect(listed.sort()).toEqual(pair.map((c) => c.commentId).sort());
    }
    const stats = (await staff.get(`/v1/desk/stats?communityId=${communityId}&windowDays=1`)).body;
    expect(stats.byKind.question).toMatchObject({ responded: 3 });
    expect(stats.open.total).toBe(0);
  });

  it('closes an item with a reason, once, and refuses a member', async () => {
    const communityId = await communityWithDesk();
    const posted = await question(member, communityId);
    const itemId = `desk-${posted.body.postId}`;
    expect((await member.post(`/v1/desk/items/${itemId}/close`, { reasonCode: 'duplicate' })).status).toBe(403);
    const closed = await staff.post(`/v1/desk/items/${itemId}/close`, { reasonCode: 'duplicate' });
    expect(closed.body).toMatchObject({ status: 'closed', response: { via: 'close', reasonCode: 'duplicate', role: 'retail-staff', met: true } });
    expect((await staff.post(`/v1/desk/items/${itemId}/close`, { reasonCode: 'duplicate' })).status).toBe(409);
    expect((await staff.post(`/v1/desk/items/${itemId}/close`, { reasonCode: 'because' })).status).toBe(422);
  });

  it('refuses a response policy with an unknown time zone or an empty working day', async () => {
    const communityId = await communityWithDesk();
    const bad = await manager.put(`/v1/communities/${communityId}/response-policy`, { businessHours: { timeZone: 'Mars/Olympus' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('IANA time zone');
    const empty = await manager.put(`/v1/communities/${communityId}/response-policy`, { businessHours: { timeZone: 'Europe/Paris', hours: 0 } });
    expect(empty.status).toBe(422);
    expect(JSON.stringify(empty.body)).toContain('hours must be from 1 to 24');
  });
});

// ---------------------------------------------------------------------------------------------
// Time, injected

const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const [cara, alice, sol, tim] = [
  who('desk-clock-cara', 'community-managers'),
  who('desk-clock-alice', 'members'),
  who('desk-clock-sol', 'retail-staff'),
  who('desk-clock-tim', 'retail-staff'),
];
let now = new Date('2026-11-23T09:00:00.000Z');
const at = (iso: string) => (now = new Date(iso));
const deps = (): ChorusDeps => tableDeps(() => now);

async function clockCommunity(d: ChorusDeps): Promise<string> {
  const communityId = uniqueId('deskclock');
  await createCommunity(d, cara, { communityId, name: 'Desk clock', description: '', rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 } } as never);
  await putResponsePolicy(d, cara, communityId, ResponsePolicy.parse(POLICY));
  return communityId;
}

(local ? describe : describe.skip)('the desk on an injected clock (DynamoDB Local)', () => {
  it('returns an item whose lease expired to the next claim', async () => {
    const d = deps();
    at('2026-11-23T09:00:00.000Z');
    const communityId = await clockCommunity(d);
    await createPost(d, alice, communityId, { kind: 'question', title: 'Leased', body: 'and forgotten', productIds: [], tags: [] });

    const first = await claimNextDeskItem(d, sol, communityId);
    expect(first?.lease).toEqual({ holder: 'desk-clock-sol', expiresAt: '2026-11-23T09:05:00.000Z' });
    expect(await claimNextDeskItem(d, tim, communityId)).toBeNull();

    at('2026-11-23T09:05:01.000Z');
    const second = await claimNextDeskItem(d, tim, communityId);
    expect(second).toMatchObject({ itemId: first!.itemId, lease: { holder: 'desk-clock-tim' } });
  });

  it('computes attainment and p50/p90 time to first response on known times', async () => {
    const d = deps();
    at('2026-11-24T08:00:00.000Z');
    const communityId = await clockCommunity(d);
    const posts = [];
    for (const n of [1, 2, 3, 4])
      posts.push(await createPost(d, alice, communityId, { kind: 'question', title: `Q${n}`, body: 'When?', productIds: [], tags: [] }));
    const review = await createPost(d, alice, communityId, { kind: 'review', title: 'Bad', body: 'Broke.', productIds: ['SKU-CLOCK'], tags: [], rating: 1 });
    // Answers after 10 min, 1 h, 3 h (met: due in 4 h) and 5 h (missed); the review closed after 30 h (missed: due in 24 h).
    const waits = [600, 3600, 10_800, 18_000];
    for (const [n, seconds] of waits.entries()) {
      at(new Date(Date.parse('2026-11-24T08:00:00.000Z') + seconds * 1000).toISOString());
      await createComment(d, sol, posts[n]!.postId, { body: 'Official answer' });
    }
    at('2026-11-25T14:00:00.000Z');
    await closeDeskItem(d, tim, `desk-${review.postId}`, { reasonCode: 'handled-elsewhere' });

    const stats = await deskStats(d, sol, communityId, 7);
    expect(stats.byKind.question).toEqual({
      responded: 4,
      met: 3,
      missed: 1,
      attainmentPercent: 75,
      p50Seconds: waitBucketOf(3600),
      p90Seconds: waitBucketOf(18_000),
    });
    expect(stats.byKind.review).toMatchObject({ responded: 1, met: 0, missed: 1, attainmentPercent: 0, p50Seconds: waitBucketOf(30 * 3600) });
    expect(stats.total).toMatchObject({ responded: 5, met: 3, missed: 2, attainmentPercent: 60 });
    expect(stats.open).toEqual({ total: 0, byKind: { question: 0, review: 0, idea: 0 } });
    // The buckets are at most 5 % below the true wait.
    expect(stats.byKind.question.p90Seconds!).toBeGreaterThan(18_000 * 0.95);
  });

  it('counts open and overdue items and the oldest waiting', async () => {
    const d = deps();
    at('2026-11-26T08:00:00.000Z');
    const communityId = await clockCommunity(d);
    const first = await createPost(d, alice, communityId, { kind: 'question', title: 'First', body: 'waiting', productIds: [], tags: [] });
    at('2026-11-26T11:00:00.000Z');
    await createPost(d, alice, communityId, { kind: 'question', title: 'Second', body: 'waiting', productIds: [], tags: [] });
    at('2026-11-26T12:30:00.000Z');
    const stats = await deskStats(d, sol, communityId, 1);
    expect(stats.open.total).toBe(2);
    expect(stats.overdue).toBe(1);
    expect(stats.oldestWaiting).toEqual({ itemId: `desk-${first.postId}`, enteredAt: '2026-11-26T08:00:00.000Z', waitingSeconds: 4.5 * 3600 });
  });
});
