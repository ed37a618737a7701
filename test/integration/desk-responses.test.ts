/**
 * How the brand responds, over HTTP on the emulators: the brand's reply to a review (one per review,
 * edited on its version, withdrawn), the official status a feed item carries, the review's author
 * told; the desk's audit of its lease steps on an injected clock, read as the ledger reads it; and
 * each desk's counts pushed to staff sockets over a real WebSocket.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ResponsePolicy } from '../../lambdas/api/desk-schemas';
import { createComment } from '../../lambdas/comments/comments';
import { createCommunity } from '../../lambdas/communities/communities';
import { storageConfig } from '../../lambdas/config';
import { claimNextDeskItem, closeDeskItem, leaseDeskItem, putResponsePolicy, releaseDeskLease } from '../../lambdas/desk/desk';
import type { Caller } from '../../lambdas/domain/caller';
import type { ChorusDeps } from '../../lambdas/domain/ports';
import { handleSeconds, tasksOf } from '../../lambdas/finance/labor';
import { createPost } from '../../lambdas/posts/posts';
import { documentClient } from '../../lambdas/store/dynamo-client';
import { dynamoLaborSource } from '../../lambdas/store/dynamo-ledger-sources';
import { deskAuditOfCommunityQuery, toDeskAuditEntry } from '../../lambdas/store/entities/desk-audit';
import { subjectFor } from '../../local/local-issuer';
import { api, tokenFor, uniqueId, type ApiClient } from './support/api';
import { openLive, type LiveSocket } from './support/live';
import { pollUntil } from './support/poll';
import { tableDeps } from './support/table-deps';

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const POLICY = { question: { withinHours: 4 }, review: { withinHours: 24, maxRating: 2 }, idea: null };

interface Person extends ApiClient {
  readonly name: string;
  readonly memberId: string;
}

async function person(role: string, groups: string[], team?: string): Promise<Person> {
  const name = uniqueId(role);
  return { name, memberId: subjectFor(name), ...api(await tokenFor(name, groups, team)) };
}

let manager: Person;
let author: Person;
let commenter: Person;
let staff: Person;
let otherStaff: Person;

beforeAll(async () => {
  [manager, author, commenter, staff, otherStaff] = await Promise.all([
    person('reply-cara', ['community-managers']),
    person('reply-alice', ['members']),
    person('reply-bob', ['members']),
    person('reply-sol', ['retail-staff'], 'customer-care'),
    person('reply-tim', ['retail-staff'], 'product'),
  ]);
});

async function communityWithDesk(): Promise<string> {
  const communityId = uniqueId('replies');
  expect((await manager.post('/v1/communities', { communityId, name: 'Replies', rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 } })).status).toBe(
    201,
  );
  expect((await manager.put(`/v1/communities/${communityId}/response-policy`, POLICY)).status).toBe(200);
  return communityId;
}

const post = async (communityId: string, body: Record<string, unknown>) => {
  const res = await author.post(`/v1/communities/${communityId}/posts`, { title: 'Broke on day two', body: 'The zip tore.', ...body });
  expect(res.status).toBe(201);
  return res.body.postId as string;
};
const review = (communityId: string, rating = 1) => post(communityId, { kind: 'review', productIds: ['SKU-REPLY'], rating });
const question = (communityId: string) => post(communityId, { kind: 'question', title: 'Does it fit?', body: 'Asking first.' });
const feedItem = async (communityId: string, postId: string, query = '') =>
  ((await commenter.get(`/v1/communities/${communityId}/posts${query}`)).body.items as any[]).find((p) => p.postId === postId);
const replyPath = (postId: string) => `/v1/posts/${postId}/brand-reply`;

describe("the brand's reply to a review", () => {
  it('is posted by staff once, shows on the review and its feed items, takes the review out of the desk, and is edited only on its version', async () => {
    const communityId = await communityWithDesk();
    const reviewId = await review(communityId);
    const questionId = await question(communityId);
    expect((await author.put(replyPath(reviewId), { body: 'I am the brand' })).status).toBe(403);
    const onQuestion = await staff.put(replyPath(questionId), { body: 'Not a review' });
    expect(onQuestion.status).toBe(422);
    expect(onQuestion.headers.get('content-type')).toContain('application/problem+json');

    const posted = await staff.put(replyPath(reviewId), { body: 'Sorry about the zip: a replacement is on its way.' });
    expect(posted.status).toBe(201);
    const first = {
      body: 'Sorry about the zip: a replacement is on its way.',
      responderTeam: 'customer-care',
      responderRole: 'retail-staff',
      editedBy: staff.memberId,
      version: 1,
    };
    expect(posted.body).toMatchObject({ postId: reviewId, brandReply: first, officialResponseCount: 1, hasOfficialResponse: true });
    expect(await feedItem(communityId, reviewId)).toMatchObject({ brandReply: first, hasOfficialResponse: true });
    expect(await feedItem(communityId, reviewId, '?kind=review')).toMatchObject({ brandReply: first, hasOfficialResponse: true });
    expect((await commenter.get(`/v1/posts/${reviewId}`)).body.brandReply).toMatchObject(first);

    // The first reply is the review's official response: it left the desk with it.
    const desk = (await staff.get(`/v1/desk/items?communityId=${communityId}`)).body.items.map((i: any) => i.postId);
    expect(desk).toEqual([questionId]);
    const closing = await staff.post(`/v1/desk/items/desk-${reviewId}/close`, { reasonCode: 'duplicate' });
    expect(closing.status).toBe(409);
    expect(closing.body.item).toMatchObject({ status: 'responded', response: { via: 'brand-reply', role: 'retail-staff', by: staff.memberId, met: true } });

    // One reply per review: another first reply is refused with the reply there is; the same one again is harmless.
    const second = await otherStaff.put(replyPath(reviewId), { body: 'We are on it.' });
    expect(second.status).toBe(409);
    expect(second.body.brandReply).toMatchObject(first);
    expect((await staff.put(replyPath(reviewId), { body: first.body })).status).toBe(200);

    const edited = await otherStaff.put(replyPath(reviewId), { body: 'Replacement shipped today.', version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body.brandReply).toMatchObject({ body: 'Replacement shipped today.', version: 2, editedBy: otherStaff.memberId, responderTeam: 'product' });
    expect(edited.body.brandReply.createdAt).toBe(posted.body.brandReply.createdAt);
    expect(edited.body.officialResponseCount).toBe(1);
    const stale = await staff.put(replyPath(reviewId), { body: 'Too late.', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.brandReply).toMatchObject({ version: 2, body: 'Replacement shipped today.' });

    expect((await author.delete(replyPath(reviewId))).status).toBe(403);
    expect((await staff.delete(replyPath(reviewId))).status).toBe(204);
    const withdrawn = (await commenter.get(`/v1/posts/${reviewId}`)).body;
    expect(withdrawn.brandReply).toBeUndefined();
    expect(withdrawn).toMatchObject({ officialResponseCount: 0, hasOfficialResponse: false });
    expect((await feedItem(communityId, reviewId)).hasOfficialResponse).toBe(false);
    expect((await staff.delete(replyPath(reviewId))).status).toBe(204);
    expect((await staff.put(replyPath(reviewId), { body: 'Edit of nothing', version: 3 })).status).toBe(409);

    const again = await staff.put(replyPath(reviewId), { body: 'Posted again.' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ brandReply: { version: 4, body: 'Posted again.' }, officialResponseCount: 1 });
    expect((await staff.put(replyPath(reviewId), { body: '' })).status).toBe(422);
  });

  it('posts one reply when two staff members reply to the same review at once: one 201, the other 409 with the reply that won', async () => {
    const communityId = await communityWithDesk();
    const reviews = [await review(communityId), await review(communityId), await review(communityId)];
    const answers = await Promise.all(
      reviews.flatMap((postId) => [staff, otherStaff].map((who) => who.put(replyPath(postId), { body: `Reply from ${who.name}` }))),
    );
    for (const [n, postId] of reviews.entries()) {
      const pair = [answers[2 * n]!, answers[2 * n + 1]!];
      expect(pair.map((r) => r.status).sort()).toEqual([201, 409]);
      const won = pair.find((r) => r.status === 201)!.body.brandReply;
      expect(pair.find((r) => r.status === 409)!.body.brandReply).toEqual(won);
      expect((await commenter.get(`/v1/posts/${postId}`)).body).toMatchObject({ brandReply: won, officialResponseCount: 1 });
    }
    const stats = (await staff.get(`/v1/desk/stats?communityId=${communityId}&windowDays=1`)).body;
    expect(stats.byKind.review).toMatchObject({ responded: 3 });
    expect(stats.open.total).toBe(0);
  });

  it("tells the review's author, and the accepted answer's author, in their inbox", async () => {
    const communityId = await communityWithDesk();
    const reviewId = await review(communityId, 2);
    const questionId = await question(communityId);
    expect((await staff.put(replyPath(reviewId), { body: 'Thank you for telling us.' })).status).toBe(201);
    const answer = await commenter.post(`/v1/posts/${questionId}/comments`, { body: 'It fits, I tried.' });
    expect((await author.put(`/v1/posts/${questionId}/accepted-answer`, { commentId: answer.body.commentId })).status).toBe(200);

    const inbox = async (who: Person, type: string) =>
      ((await who.get('/v1/me/notifications')).body.items as any[]).filter((n) => n.type === type && n.target.communityId === communityId);
    const told = await pollUntil(
      () => inbox(author, 'brand-reply.on-your-review'),
      (items) => items.length > 0,
      30_000,
    );
    expect(told).toEqual([
      expect.objectContaining({ target: expect.objectContaining({ postId: reviewId }), summary: 'The brand replied to your review “Broke on day two”' }),
    ]);
    const accepted = await pollUntil(
      () => inbox(commenter, 'answer.accepted'),
      (items) => items.length > 0,
      30_000,
    );
    expect(accepted).toEqual([expect.objectContaining({ target: expect.objectContaining({ postId: questionId, commentId: answer.body.commentId }) })]);
    expect(await inbox(staff, 'brand-reply.on-your-review')).toEqual([]);
  }, 70_000);
});

describe('official status on feed items', () => {
  it("counts a staff member's published comment on the post itself, not a member's, and takes it back when the comment is deleted", async () => {
    const communityId = await communityWithDesk();
    const questionId = await question(communityId);
    expect((await commenter.post(`/v1/posts/${questionId}/comments`, { body: 'Same question' })).status).toBe(201);
    expect(await feedItem(communityId, questionId)).toMatchObject({ officialResponseCount: 0, hasOfficialResponse: false });

    const official = await staff.post(`/v1/posts/${questionId}/comments`, { body: 'Yes, it fits a 40 L pack.' });
    expect(official.body.official).toBe(true);
    expect(await feedItem(communityId, questionId)).toMatchObject({ officialResponseCount: 1, hasOfficialResponse: true });
    expect(await feedItem(communityId, questionId, '?answered=false')).toMatchObject({ hasOfficialResponse: true });
    expect(((await commenter.get(`/v1/members/${author.memberId}/posts`)).body.items as any[]).find((p) => p.postId === questionId)).toMatchObject({
      hasOfficialResponse: true,
    });

    expect((await staff.delete(`/v1/posts/${questionId}/comments/${official.body.commentId}`)).status).toBe(204);
    expect(await feedItem(communityId, questionId)).toMatchObject({ officialResponseCount: 0, hasOfficialResponse: false });
  });
});

// ---------------------------------------------------------------------------------------------
// The desk's audit, on an injected clock

const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });

(local ? describe : describe.skip)('the desk audit on an injected clock (DynamoDB Local)', () => {
  it('logs claim, extend, release, a lapsed lease, the response and a close with their times, readable by community and time as the ledger reads them', async () => {
    const [cara, alice, sol, tim] = [
      who(uniqueId('audit-cara'), 'community-managers'),
      who(uniqueId('audit-alice'), 'members'),
      who(uniqueId('audit-sol'), 'retail-staff'),
      who(uniqueId('audit-tim'), 'retail-staff'),
    ];
    let now = new Date('2026-11-23T09:00:00.000Z');
    const at = (iso: string) => (now = new Date(iso));
    const d: ChorusDeps = tableDeps(() => now);
    const communityId = uniqueId('deskaudit');
    await createCommunity(d, cara, { communityId, name: 'Audit', description: '', rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 } } as never);
    await putResponsePolicy(d, cara, communityId, ResponsePolicy.parse(POLICY));
    const q = await createPost(d, alice, communityId, { kind: 'question', title: 'Q', body: 'When?', productIds: [], tags: [] });
    const r = await createPost(d, alice, communityId, { kind: 'review', title: 'R', body: 'Bad.', productIds: ['SKU-AUDIT'], tags: [], rating: 1 });
    const [qItem, rItem] = [`desk-${q.postId}`, `desk-${r.postId}`];

    at('2026-11-23T09:01:00.000Z');
    expect((await claimNextDeskItem(d, sol, communityId))?.itemId).toBe(qItem);
    at('2026-11-23T09:02:00.000Z');
    await leaseDeskItem(d, sol, qItem);
    at('2026-11-23T09:03:00.000Z');
    await releaseDeskLease(d, sol, qItem);
    at('2026-11-23T09:04:00.000Z');
    expect((await claimNextDeskItem(d, tim, communityId))?.itemId).toBe(qItem);
    // Tim's lease runs out at 09:09 unnoticed; Sol's claim at 09:20 takes the item over.
    at('2026-11-23T09:20:00.000Z');
    expect((await claimNextDeskItem(d, sol, communityId))?.itemId).toBe(qItem);
    // Within Sol's lease (it runs to 09:25:00; at that instant it has lapsed, and the log would say so first).
    at('2026-11-23T09:24:00.000Z');
    await createComment(d, sol, q.postId, { body: 'Official answer' });
    at('2026-11-23T09:30:00.000Z');
    await closeDeskItem(d, tim, rItem, { reasonCode: 'handled-elsewhere' });

    const out = await documentClient.send(
      new QueryCommand(deskAuditOfCommunityQuery(storageConfig().tableName, communityId, '2026-11-23T09:00:00.000Z', '2026-11-23T10:00:00.000Z')),
    );
    const entries = (out.Items ?? []).map(toDeskAuditEntry);
    expect(entries.map((e) => [e.at, e.itemId, e.actorId, e.action, e.via, e.reasonCode, e.statusBefore, e.statusAfter])).toEqual([
      ['2026-11-23T09:01:00.000Z', qItem, sol.memberId, 'claim', null, null, 'open', 'open'],
      ['2026-11-23T09:02:00.000Z', qItem, sol.memberId, 'extend-lease', null, null, 'open', 'open'],
      ['2026-11-23T09:03:00.000Z', qItem, sol.memberId, 'release-lease', null, null, 'open', 'open'],
      ['2026-11-23T09:04:00.000Z', qItem, tim.memberId, 'claim', null, null, 'open', 'open'],
      ['2026-11-23T09:09:00.000Z', qItem, tim.memberId, 'lease-expired', null, null, 'open', 'open'],
      ['2026-11-23T09:20:00.000Z', qItem, sol.memberId, 'claim', null, null, 'open', 'open'],
      ['2026-11-23T09:24:00.000Z', qItem, sol.memberId, 'respond', 'official-comment', null, 'open', 'responded'],
      ['2026-11-23T09:30:00.000Z', rItem, tim.memberId, 'close', null, 'handled-elsewhere', 'open', 'closed'],
    ]);

    // The ledger's reading: desk handle time is claim -> response or close, lapsed and released holds counted as held.
    const labor = dynamoLaborSource(documentClient, storageConfig().tableName);
    const from = new Date('2026-11-23T00:00:00.000Z');
    const to = new Date('2026-11-24T00:00:00.000Z');
    const steps = await labor.steps('desk', communityId, from, to);
    const handled = handleSeconds(tasksOf('desk', steps, now)).map(({ task, seconds }) => [task.actorId, task.role, seconds, task.completed]);
    expect(handled).toEqual(
      expect.arrayContaining([
        [sol.memberId, 'retail-staff', 120, false],
        [tim.memberId, 'retail-staff', 300, false],
        [sol.memberId, 'retail-staff', 240, true],
      ]),
    );
    expect(handled).toHaveLength(3);
    // The moderation audit's partition of the same index holds none of the desk's steps.
    expect(await labor.steps('moderation', communityId, from, to)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Live: each desk's counts to staff sockets

const opened: LiveSocket[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

(local ? describe : describe.skip)('desk counts on staff sockets (local runtime)', () => {
  it("pushes a community's open and overdue counts to staff when a question enters and when it is answered, and nothing to members", async () => {
    const staffSocket = await openLive(await tokenFor(staff.name, ['retail-staff'], 'customer-care'));
    const managerSocket = await openLive(await tokenFor(manager.name, ['community-managers']));
    const bystander = await openLive(await tokenFor(commenter.name, ['members']));
    opened.push(staffSocket, managerSocket, bystander);
    const communityId = await communityWithDesk();
    const ofThisDesk = (open: number) => (f: any) => f.type === 'desk' && f.communityId === communityId && f.counts.open === open;

    const questionId = await question(communityId);
    const entered = await staffSocket.next(ofThisDesk(1), { timeoutMs: 15_000 });
    expect(entered).toMatchObject({ type: 'desk', communityId, counts: { open: 1, overdue: 0, question: 1, review: 0, idea: 0 }, at: expect.any(String) });
    expect(await managerSocket.next(ofThisDesk(1), { timeoutMs: 15_000 })).toMatchObject({ counts: { open: 1 } });

    expect((await staff.post(`/v1/posts/${questionId}/comments`, { body: 'Official: yes.' })).status).toBe(201);
    expect(await staffSocket.next(ofThisDesk(0), { timeoutMs: 15_000 })).toMatchObject({ counts: { open: 0, overdue: 0, question: 0 } });
    // The counts equal what the stats route reads.
    expect((await staff.get(`/v1/desk/stats?communityId=${communityId}&windowDays=1`)).body).toMatchObject({ open: { total: 0 }, overdue: 0 });
    expect(bystander.frames.filter((f: any) => f.type === 'desk')).toEqual([]);
  }, 45_000);
});
