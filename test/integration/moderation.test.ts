/**
 * Moderation over HTTP on the local runtime: screening, reports, the queue, decisions, appeals,
 * bulk, stats and audit. Every test opens its own community with members and moderators of its
 * own, and claims only from that community, so no test competes with another for queue items.
 */
import { FULL_WEIGHT, type Member, member, openCommunity } from './support/fixtures';

/** A community with a policy (blocks "scam", holds "refund", hides at 2 reports), its people and helpers. */
async function given() {
  const [{ communityId, manager: cara }, alice, bob, carol, mo, max, sam] = await Promise.all([
    openCommunity('mod', { name: 'Moderated', postsPerMinute: 200, commentsPerMinute: 200 }),
    member('alice'),
    member('bob'),
    member('carol'),
    member('mo', ['moderators']),
    member('max', ['moderators']),
    member('sam', ['senior-moderators']),
  ]);
  // Every report weighs in full here (report-weights.test.ts tests the weighting).
  const policy = await cara.put(`/v1/communities/${communityId}/moderation-policy`, {
    blockedTerms: ['scam'],
    watchedTerms: ['refund'],
    reportThreshold: 2,
    reportWeighting: FULL_WEIGHT,
  });
  expect(policy.status).toBe(200);
  expect(policy.body).toMatchObject({ mode: 'post-moderation', blockedTerms: ['scam'], reportThreshold: 2, maxLinks: 5 });
  const post = async (author: Member, body: Record<string, unknown>) => {
    const res = await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'A title', body: 'A body', ...body });
    expect(res.status).toBe(201);
    return res.body;
  };
  return { communityId, cara, alice, bob, carol, mo, max, sam, post };
}

const itemOf = async (client: Member, itemId: string) => (await client.get(`/v1/moderation/items/${itemId}`)).body;
const lease = async (client: Member, itemId: string) => {
  const res = await client.put(`/v1/moderation/items/${itemId}/lease`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('policies', () => {
  it('are read by managers and moderators, written by managers only, never shown to members', async () => {
    const { communityId, cara, alice, mo } = await given();
    expect((await mo.get(`/v1/communities/${communityId}/moderation-policy`)).body.watchedTerms).toEqual(['refund']);
    expect((await alice.get(`/v1/communities/${communityId}/moderation-policy`)).status).toBe(403);
    expect((await mo.put(`/v1/communities/${communityId}/moderation-policy`, {})).status).toBe(403);
    expect(JSON.stringify((await alice.get(`/v1/communities/${communityId}`)).body)).not.toContain('refund');
    const bad = await cara.put(`/v1/communities/${communityId}/moderation-policy`, { reportThreshold: 0, colour: 'red' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.colour', 'body.reportThreshold']);
  });
});

describe('screening', () => {
  it('holds content with a watched term out of sight until a moderator approves it', async () => {
    const { communityId, alice, bob, mo, max, post } = await given();
    const held = await post(alice, { title: 'Refund?', body: 'I want a refund for my tent' });
    expect(held).toMatchObject({ status: 'held', moderation: { reasonCode: 'watched-term', rule: null } });
    expect((await bob.get(`/v1/posts/${held.postId}`)).status).toBe(404);
    expect((await alice.get(`/v1/posts/${held.postId}`)).body.status).toBe('held');
    const feed = await bob.get(`/v1/communities/${communityId}/posts?limit=100`);
    expect(feed.body.items.map((p: { postId: string }) => p.postId)).not.toContain(held.postId);

    const item = await itemOf(mo, `post-${held.postId}`);
    expect(item).toMatchObject({
      status: 'pending',
      kind: 'post',
      priority: 'medium',
      rule: 'watched-term:refund',
      reasons: { 'watched-term': 1 },
      allowedActions: ['claim'],
    });
    const leased = await lease(mo, item.itemId);
    expect(leased.allowedActions).toEqual(['extend-lease', 'release-lease', 'approve', 'reject', 'escalate', 'request-changes']);

    const noReason = await mo.post(`/v1/moderation/items/${item.itemId}/decision`, { action: 'reject', version: leased.version });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('body.reasonCode');
    const stale = await mo.post(`/v1/moderation/items/${item.itemId}/decision`, { action: 'approve', version: leased.version + 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.item).toMatchObject({ itemId: item.itemId, version: leased.version });
    expect((await max.post(`/v1/moderation/items/${item.itemId}/decision`, { action: 'approve', version: leased.version })).status).toBe(403);

    const approved = await mo.post(`/v1/moderation/items/${item.itemId}/decision`, { action: 'approve', version: leased.version, note: 'a fair question' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      lease: null,
      lastDecision: { action: 'approve', moderatorId: expect.any(String), note: 'a fair question' },
    });
    const visible = await bob.get(`/v1/posts/${held.postId}`);
    expect(visible.status).toBe(200);
    expect(visible.body).not.toHaveProperty('moderation');
    const feedAfter = await bob.get(`/v1/communities/${communityId}/posts?limit=100`);
    expect(feedAfter.body.items.map((p: { postId: string }) => p.postId)).toContain(held.postId);
  });

  it('rejects a blocked term outright; the author sees why and may appeal once, to another moderator', async () => {
    const { alice, bob, max, post } = await given();
    const rejected = await post(alice, { body: 'Not a scam, promise' });
    expect(rejected).toMatchObject({ status: 'rejected', moderation: { reasonCode: 'blocked-term' } });
    expect((await bob.get(`/v1/posts/${rejected.postId}`)).status).toBe(404);
    expect((await bob.post(`/v1/posts/${rejected.postId}/appeal`, { text: 'mine?' })).status).toBe(404);

    const appeal = await alice.post(`/v1/posts/${rejected.postId}/appeal`, { text: 'It was irony, please look again' });
    expect(appeal.status).toBe(201);
    expect(appeal.body).toMatchObject({ itemId: `appeal-${rejected.postId}`, status: 'pending' });
    expect((await alice.post(`/v1/posts/${rejected.postId}/appeal`, { text: 'again' })).status).toBe(409);

    const leased = await lease(max, appeal.body.itemId);
    expect(leased).toMatchObject({ kind: 'appeal', appealText: 'It was irony, please look again', rejectedBy: 'screening' });
    const approved = await max.post(`/v1/moderation/items/${leased.itemId}/decision`, { action: 'approve', version: leased.version });
    expect(approved.status).toBe(200);
    expect((await bob.get(`/v1/posts/${rejected.postId}`)).status).toBe(200);
  });

  it('never leases an appeal to the moderator who rejected the content: claim-next passes it by, a lease is refused', async () => {
    const { communityId, alice, mo, max, post } = await given();
    const held = await post(alice, { body: 'refund me please' });
    const item = await lease(mo, `post-${held.postId}`);
    await mo.post(`/v1/moderation/items/${item.itemId}/decision`, { action: 'reject', reasonCode: 'off-topic', version: item.version });
    expect((await alice.get(`/v1/posts/${held.postId}`)).body).toMatchObject({ status: 'rejected', moderation: { reasonCode: 'off-topic' } });

    const appeal = (await alice.post(`/v1/posts/${held.postId}/appeal`, { text: 'It is on topic' })).body;
    expect(await itemOf(mo, appeal.itemId)).toMatchObject({ rejectedBy: item.lease.holder, allowedActions: [] });
    const own = await mo.put(`/v1/moderation/items/${appeal.itemId}/lease`);
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/different moderator than the one who rejected/);
    expect((await mo.post(`/v1/moderation/items/claim-next?communityId=${communityId}`)).status).toBe(204);
    expect(await itemOf(max, appeal.itemId)).toMatchObject({ lease: null, allowedActions: ['claim'] });
    const claimed = await max.post(`/v1/moderation/items/claim-next?communityId=${communityId}`);
    expect(claimed.body.itemId).toBe(appeal.itemId);
    const theirs = claimed.body;
    expect(
      (await max.post(`/v1/moderation/items/${appeal.itemId}/decision`, { action: 'reject', reasonCode: 'off-topic', version: theirs.version })).status,
    ).toBe(200);
    expect((await alice.get(`/v1/posts/${held.postId}`)).body.status).toBe('rejected');
  });

  it('lets an author rework content when changes are requested; screening decides again', async () => {
    const { alice, bob, mo, post } = await given();
    const held = await post(alice, { title: 'Refund policy', body: 'Is the refund policy fair?' });
    const item = await lease(mo, `post-${held.postId}`);
    const requested = await mo.post(`/v1/moderation/items/${item.itemId}/decision`, {
      action: 'request-changes',
      reasonCode: 'off-topic',
      note: 'say which product',
      version: item.version,
    });
    expect(requested.body.status).toBe('changes-requested');
    const mine = await alice.get(`/v1/posts/${held.postId}`);
    expect(mine.body).toMatchObject({ status: 'changes-requested', moderation: { reasonCode: 'off-topic' } });
    const edited = await alice.patch(
      `/v1/posts/${held.postId}`,
      { title: 'Return window for the Trailhead tent', body: 'How long is the return window?' },
      { 'if-match': mine.headers.get('etag')! },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.status).toBe('published');
    expect((await bob.get(`/v1/posts/${held.postId}`)).status).toBe(200);
  });
});

describe('decisions on content that changed', () => {
  it('are refused whole when the author edited after the moderator looked: item, audit and post unchanged', async () => {
    const { alice, bob, mo, post } = await given();
    const held = await post(alice, { title: 'Refund question', body: 'refund for the stove?' });
    const itemId = `post-${held.postId}`;
    const seen = await lease(mo, itemId);
    const edited = await alice.patch(`/v1/posts/${held.postId}`, { body: 'refund for the stove? it leaks, photos in the thread' }, { 'if-match': '"1"' });
    expect(edited.status).toBe(200);
    expect(edited.body.status).toBe('held');

    const late = await mo.post(`/v1/moderation/items/${itemId}/decision`, { action: 'approve', version: seen.version });
    expect(late.status).toBe(409);
    expect(late.body.item).toMatchObject({ version: seen.version + 1, excerpt: expect.stringContaining('photos in the thread'), status: 'pending' });
    expect((await bob.get(`/v1/posts/${held.postId}`)).status).toBe(404);
    const log = await mo.get(`/v1/moderation/audit?itemId=${itemId}`);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['claim']);

    const approved = await mo.post(`/v1/moderation/items/${itemId}/decision`, { action: 'approve', version: seen.version + 1 });
    expect(approved.status).toBe(200);
    expect((await bob.get(`/v1/posts/${held.postId}`)).body.body).toContain('photos in the thread');
  });
});

describe('reports', () => {
  it('accumulate on one item per target, once per member, and hide the content at the threshold', async () => {
    const { alice, bob, carol, mo, post } = await given();
    const target = await post(alice, { body: 'Perfectly ordinary post' });
    const first = await bob.post(`/v1/posts/${target.postId}/reports`, { reasonCode: 'spam', text: 'looks like an ad' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ itemId: `post-${target.postId}`, reasonCode: 'spam', reportedAt: expect.any(String) });
    expect((await bob.post(`/v1/posts/${target.postId}/reports`, { reasonCode: 'abuse' })).status).toBe(409);
    expect((await alice.post(`/v1/posts/${target.postId}/reports`, { reasonCode: 'spam' })).status).toBe(422);
    expect((await bob.get(`/v1/posts/${target.postId}`)).status).toBe(200);
    expect((await carol.post(`/v1/posts/${target.postId}/reports`, { reasonCode: 'other' })).status).toBe(422);
    expect((await carol.post(`/v1/posts/${target.postId}/reports`, { reasonCode: 'abuse', text: 'rude' })).status).toBe(201);

    expect((await bob.get(`/v1/posts/${target.postId}`)).status).toBe(404);
    expect((await alice.get(`/v1/posts/${target.postId}`)).body).toMatchObject({ status: 'held', moderation: { rule: null } });
    const item = await itemOf(mo, `post-${target.postId}`);
    expect(item).toMatchObject({ reportCount: 2, reasons: { spam: 1, abuse: 1 }, priority: 'high', reportTexts: ['looks like an ad', 'rude'] });
    expect(JSON.stringify(item)).not.toContain(bob.name);
    expect(JSON.stringify(item)).not.toContain(carol.name);
  });

  it('work on comments too', async () => {
    const { alice, bob, carol, mo, post } = await given();
    const target = await post(alice, { body: 'comment target' });
    const comment = (await bob.post(`/v1/posts/${target.postId}/comments`, { body: 'buy my stuff' })).body;
    expect((await alice.post(`/v1/posts/${target.postId}/comments/${comment.commentId}/reports`, { reasonCode: 'spam' })).status).toBe(201);
    expect((await carol.post(`/v1/posts/${target.postId}/comments/${comment.commentId}/reports`, { reasonCode: 'spam' })).status).toBe(201);
    const comments = await carol.get(`/v1/posts/${target.postId}/comments`);
    expect(comments.body.items).toEqual([]);
    expect((await bob.get(`/v1/posts/${target.postId}/comments`)).body.items[0]).toMatchObject({ status: 'held' });
    expect((await carol.get(`/v1/posts/${target.postId}`)).body.commentCount).toBe(0);
    const item = await lease(mo, `comment-${comment.commentId}`);
    expect(item.allowedActions).not.toContain('request-changes');
    await mo.post(`/v1/moderation/items/${item.itemId}/decision`, { action: 'approve', version: item.version });
    expect((await carol.get(`/v1/posts/${target.postId}/comments`)).body.items).toHaveLength(1);
    expect((await carol.get(`/v1/posts/${target.postId}`)).body.commentCount).toBe(1);
  });
});

describe('escalation', () => {
  it('moves an item to the senior queue, which only senior moderators work', async () => {
    const { alice, mo, sam, post } = await given();
    const held = await post(alice, { body: 'refund or lawsuit?' });
    const item = await lease(mo, `post-${held.postId}`);
    const escalated = await mo.post(`/v1/moderation/items/${item.itemId}/decision`, {
      action: 'escalate',
      reasonCode: 'needs-senior-review',
      version: item.version,
    });
    expect(escalated.body).toMatchObject({ status: 'escalated', queue: 'senior' });
    expect((await mo.get(`/v1/moderation/items/${item.itemId}`)).status).toBe(403);
    expect((await mo.post('/v1/moderation/items/claim-next?queue=senior')).status).toBe(403);
    const mine = await lease(sam, item.itemId);
    expect(mine.allowedActions).not.toContain('escalate');
    const decided = await sam.post(`/v1/moderation/items/${item.itemId}/decision`, { action: 'reject', reasonCode: 'misinformation', version: mine.version });
    expect(decided.body.status).toBe('rejected');
  });
});

describe('bulk decisions', () => {
  it('answer each item on its own: applied, stale and foreign-leased', async () => {
    const { alice, bob, mo, max, post } = await given();
    const [a, b, c] = await Promise.all([post(alice, { body: 'refund a' }), post(alice, { body: 'refund b' }), post(alice, { body: 'refund c' })]);
    const ok = await lease(mo, `post-${a.postId}`);
    const stale = await lease(mo, `post-${b.postId}`);
    const foreign = await lease(max, `post-${c.postId}`);
    const res = await mo.post('/v1/moderation/decisions', {
      decisions: [
        { itemId: ok.itemId, action: 'approve', version: ok.version },
        { itemId: stale.itemId, action: 'approve', version: stale.version + 5 },
        { itemId: foreign.itemId, action: 'reject', reasonCode: 'spam', version: foreign.version },
        { itemId: 'post-01JD0000000000000000000000', action: 'approve', version: 1 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([200, 409, 403, 404]);
    expect(res.body.results[0].item.status).toBe('approved');
    expect((await bob.get(`/v1/posts/${a.postId}`)).status).toBe(200);
    expect((await bob.get(`/v1/posts/${c.postId}`)).status).toBe(404);
  });
});

describe('the queue', () => {
  it('leases each item to exactly one of several moderators claiming at once, skipping none', async () => {
    const { communityId, bob, post } = await given();
    const queued = await Promise.all(Array.from({ length: 8 }, (_, i) => post(bob, { body: `refund number ${i}` })));
    const mine = new Set(queued.map((p) => `post-${p.postId}`));
    const moderators = await Promise.all(Array.from({ length: 4 }, (_, i) => member(`claimer-${i}`, ['moderators'])));
    const claimed: string[] = [];
    await Promise.all(
      moderators.map(async (moderator) => {
        for (;;) {
          const res = await moderator.post(`/v1/moderation/items/claim-next?communityId=${communityId}`);
          if (res.status === 204) return;
          expect(res.status).toBe(200);
          claimed.push(res.body.itemId);
        }
      }),
    );
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.filter((id) => mine.has(id)).sort()).toEqual([...mine].sort());
  });

  it('hands out the most urgent item first', async () => {
    const { communityId, alice, bob, mo, post } = await given();
    const low = await post(alice, { body: 'refund low' });
    const urgent = await post(alice, { body: 'ordinary' });
    await bob.post(`/v1/posts/${urgent.postId}/reports`, { reasonCode: 'abuse' });
    const first = await mo.post(`/v1/moderation/items/claim-next?communityId=${communityId}`);
    expect(first.body.itemId).toBe(`post-${urgent.postId}`);
    expect(first.body.priority).toBe('high');
    const second = await mo.post(`/v1/moderation/items/claim-next?communityId=${communityId}`);
    expect(second.body.itemId).toBe(`post-${low.postId}`);
    await mo.delete(`/v1/moderation/items/${first.body.itemId}/lease`);
    await mo.delete(`/v1/moderation/items/${second.body.itemId}/lease`);
  });

  it('claims and lists one community by its own key, with 200 more urgent items of other communities ahead', async () => {
    const [{ communityId, manager }, other, mo, max] = await Promise.all([
      openCommunity('mod-behind'),
      openCommunity('mod-ahead'),
      member('mo', ['moderators']),
      member('max', ['moderators']),
    ]);
    for (const { communityId: id, manager: m } of [{ communityId, manager }, other]) {
      expect((await m.put(`/v1/communities/${id}/moderation-policy`, { mode: 'pre-moderation' })).status).toBe(200);
    }
    const authors = await Promise.all(Array.from({ length: 5 }, (_, i) => member(`ahead-author-${i}`)));
    // 200 held posts of another community, each due before the one of ours that follows them.
    await Promise.all(
      authors.map(async (author, a) => {
        for (let n = 0; n < 40; n++) {
          const res = await author.post(`/v1/communities/${other.communityId}/posts`, { kind: 'discussion', title: 'Ahead', body: `ahead ${a}-${n}` });
          expect(res.body.status).toBe('held');
        }
      }),
    );
    const ours = await (await member('behind-author')).post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Ours', body: 'behind' });
    expect(ours.body.status).toBe('held');

    const listed = await mo.get(`/v1/moderation/items?status=pending&communityId=${communityId}&limit=20`);
    const claimed = await mo.post(`/v1/moderation/items/claim-next?communityId=${communityId}`);
    const nothingLeft = await max.post(`/v1/moderation/items/claim-next?communityId=${communityId}`);

    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [expect.objectContaining({ itemId: `post-${ours.body.postId}`, communityId })], nextCursor: null });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ itemId: `post-${ours.body.postId}`, communityId });
    expect(nothingLeft.status).toBe(204);
    await mo.delete(`/v1/moderation/items/${claimed.body.itemId}/lease`);
  }, 60_000);

  it('keeps the senior queue out of reach of standard moderators in the key: escalated items are refused, not filtered away', async () => {
    const { mo, sam } = await given();
    expect((await mo.get('/v1/moderation/items?status=escalated')).status).toBe(403);
    expect((await sam.get('/v1/moderation/items?status=escalated&limit=1')).status).toBe(200);
  });

  it('lists items by status with filters, and shows each one the actions the caller may take', async () => {
    const { communityId, alice, bob, mo, post } = await given();
    const reported = await post(alice, { body: 'ordinary, then reported' });
    await bob.post(`/v1/posts/${reported.postId}/reports`, { reasonCode: 'abuse' });
    const watched = await post(alice, { body: 'refund, held then approved' });
    const leased = await lease(mo, `post-${watched.postId}`);
    await mo.post(`/v1/moderation/items/${leased.itemId}/decision`, { action: 'approve', version: leased.version });

    const pending = await mo.get(`/v1/moderation/items?status=pending&communityId=${communityId}&reason=abuse&limit=100`);
    const approved = await mo.get(`/v1/moderation/items?status=approved&communityId=${communityId}`);
    const unknown = await mo.get('/v1/moderation/items?status=lost');

    expect(pending.status).toBe(200);
    expect(pending.body.items).toEqual([
      expect.objectContaining({ itemId: `post-${reported.postId}`, communityId, reasons: { abuse: 1 }, allowedActions: ['claim'] }),
    ]);
    expect(approved.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([`post-${watched.postId}`]);
    expect(unknown.status).toBe(400);
  });

  it('reports stats: backlog, oldest waiting, past due, time to decision and decisions per moderator', async () => {
    const { communityId, alice, mo, post } = await given();
    const moderatorId = (await mo.get('/v1/me')).body.memberId;
    const [first, second, third] = await Promise.all([
      post(alice, { body: 'refund one' }),
      post(alice, { body: 'refund two' }),
      post(alice, { body: 'refund three' }),
    ]);
    const leased = await lease(mo, `post-${first.postId}`);
    await mo.post(`/v1/moderation/items/${leased.itemId}/decision`, { action: 'approve', version: leased.version });

    const res = await mo.get('/v1/moderation/stats');

    expect(res.status).toBe(200);
    expect([second, third].every((p) => p.status === 'held')).toBe(true);
    expect(res.body.backlog.byCommunity[communityId]).toBe(2);
    expect(res.body.backlog.total).toBe(res.body.backlog.byPriority.high + res.body.backlog.byPriority.medium + res.body.backlog.byPriority.low);
    expect(res.body.oldestWaiting).toMatchObject({ itemId: expect.any(String) });
    expect(res.body.decisions.byModerator[moderatorId]).toBe(1);
    expect(res.body.decisions.medianSecondsToDecision).toEqual(expect.any(Number));
    expect(Object.values(res.body.decisions.byModerator).reduce((a: number, b) => a + (b as number), 0)).toBe(res.body.decisions.count);
  });

  it('keeps an append-only audit log by item and by moderator', async () => {
    const { alice, mo, post } = await given();
    const held = await post(alice, { body: 'refund audit' });
    const itemId = `post-${held.postId}`;
    const item = await lease(mo, itemId);
    await mo.put(`/v1/moderation/items/${itemId}/lease`);
    await mo.post(`/v1/moderation/items/${itemId}/decision`, { action: 'reject', reasonCode: 'spam', note: 'ad', version: item.version });
    const byItem = await mo.get(`/v1/moderation/audit?itemId=${itemId}`);
    expect(byItem.body.items.map((e: { action: string }) => e.action)).toEqual(['claim', 'extend-lease', 'reject']);
    expect(byItem.body.items[2]).toMatchObject({ reasonCode: 'spam', note: 'ad', statusBefore: 'pending', statusAfter: 'rejected' });
    const moderatorId = byItem.body.items[0].actorId;
    const byModerator = await mo.get(`/v1/moderation/audit?moderatorId=${moderatorId}&limit=3`);
    expect(byModerator.body.items[0]).toMatchObject({ itemId, action: 'reject' });
    expect((await mo.get('/v1/moderation/audit')).status).toBe(400);
  });
});
