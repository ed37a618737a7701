/**
 * Sanctions (issue 15): warn, silence, suspend, ban; lifting, appeals to another moderator, the
 * member's record, sanctions from a queue decision; periods that end by themselves (an injected clock).
 */
import type { Caller } from '../../lambdas/domain/caller';
import { admit } from '../../lambdas/members/admission';
import { SanctionedError } from '../../lambdas/members/standing';
import { sanctionMember } from '../../lambdas/members/sanctions';
import { ConflictError } from '../../lambdas/domain/errors';
import { decideWith, leaseItem } from '../../lambdas/moderation/work';
import { sanctionAppealStep } from '../../lambdas/moderation/sanction-appeal';
import { appealSanction } from '../../lambdas/moderation/sanction-appeals';
import { tableDeps } from './support/table-deps';
import { storageConfig } from '../../lambdas/config';
import { documentClient } from '../../lambdas/store/dynamo-client';
import { appealSanction as appealSanctionItem } from '../../lambdas/store/entities/sanction';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoMemberStore } from '../../lambdas/store/dynamo-member-store';
import { uniqueId } from './support/api';
import { type Member, member, openCommunity } from './support/fixtures';

const memberStore = () => dynamoMemberStore(documentClient, storageConfig().tableName);
const callerOf = (name: string, groups: Caller['groups'] = new Set(['members'])): Caller => ({ memberId: name, username: name, groups });

/** A member's id is their token's subject, which the issuer derives from the name: ask the API. */
const idOf = async (m: Member): Promise<string> => (await m.get('/v1/me')).body.memberId as string;

const postIn = (communityId: string, author: Member, title = 'A post') =>
  author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title, body: 'Some words' });

describe('sanctions', () => {
  it('silences a member: they read, but posting, commenting, reacting and reporting answer 403 with the end and reason', async () => {
    // Prepare
    const [{ communityId }, mo, alice, bob] = await Promise.all([openCommunity('silence'), member('mo', ['moderators']), member('alice'), member('bob')]);
    const bobsPost = (await postIn(communityId, bob)).body.postId as string;
    expect((await postIn(communityId, alice)).status).toBe(201);

    // Act
    const issued = await mo.post(`/v1/members/${await idOf(alice)}/sanctions`, { kind: 'silence', reasonCode: 'spam', note: 'link farm', durationDays: 3 });

    // Assess
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ kind: 'silence', reasonCode: 'spam', issuedBy: await idOf(mo), lifted: null });
    const refused = await postIn(communityId, alice);
    expect(refused.status).toBe(403);
    expect(refused.body.sanction).toEqual({ sanctionId: issued.body.sanctionId, kind: 'silence', reasonCode: 'spam', until: issued.body.until });
    expect((await alice.post(`/v1/posts/${bobsPost}/comments`, { body: 'hi' })).status).toBe(403);
    expect((await alice.put(`/v1/posts/${bobsPost}/reactions/like`)).status).toBe(403);
    expect((await alice.post(`/v1/posts/${bobsPost}/reports`, { reasonCode: 'spam' })).status).toBe(403);
    expect((await alice.get(`/v1/posts/${bobsPost}`)).status).toBe(200);
    expect((await alice.get(`/v1/communities/${communityId}/posts`)).status).toBe(200);
    const me = await alice.get('/v1/me');
    expect(me.body.restriction).toMatchObject({ level: 'silenced', kind: 'silence', reasonCode: 'spam', until: issued.body.until });
    const own = await alice.get('/v1/me/sanctions');
    expect(own.body.items).toEqual([
      {
        sanctionId: issued.body.sanctionId,
        kind: 'silence',
        reasonCode: 'spam',
        createdAt: issued.body.createdAt,
        until: issued.body.until,
        lifted: false,
        appeal: null,
      },
    ]);
    // Bob is not touched.
    expect((await bob.put(`/v1/posts/${bobsPost}/reactions/like`)).status).toBe(200);
  });

  it('suspends a member: every route but their own account answers 403, GET /v1/me says until when', async () => {
    const [{ communityId }, mo, carol] = await Promise.all([openCommunity('suspend'), member('mo', ['moderators']), member('carol')]);
    const issued = await mo.post(`/v1/members/${await idOf(carol)}/sanctions`, { kind: 'suspend', reasonCode: 'harassment', durationDays: 7 });
    expect(issued.status).toBe(201);

    const read = await carol.get(`/v1/communities/${communityId}`);
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject({ status: 403, sanction: { kind: 'suspend', reasonCode: 'harassment', until: issued.body.until } });
    expect((await carol.get('/v1/communities')).status).toBe(403);
    const search = { eventId: crypto.randomUUID(), type: 'search.performed', occurredAt: new Date().toISOString(), queryLength: 4, resultCount: 1 };
    expect((await carol.post('/v1/events', { events: [search] })).status).toBe(403);
    const me = await carol.get('/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.restriction).toMatchObject({ level: 'suspended', until: issued.body.until, reasonCode: 'harassment' });
    expect((await carol.get('/v1/me/sanctions')).status).toBe(200);
  });

  it('holds the notifications and ideas groups to the same check: a suspended member neither follows nor votes, and still reads their inbox', async () => {
    // Prepare: an idea in a community, and a member who followed and voted before the suspension.
    const [{ communityId }, mo, gina] = await Promise.all([openCommunity('suspend-groups'), member('mo', ['moderators']), member('gina')]);
    const idea = await gina.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title: 'Lighter poles', body: 'Carbon ones, please' });
    expect(idea.status).toBe(201);
    const ideaId = idea.body.postId as string;
    expect((await gina.put(`/v1/me/follows/community/${communityId}`)).status).toBe(200);

    // Act
    const issued = await mo.post(`/v1/members/${await idOf(gina)}/sanctions`, { kind: 'suspend', reasonCode: 'harassment', durationDays: 7 });
    expect(issued.status).toBe(201);

    // Assess: every route of both groups is refused with the sanction named, the inbox stays open.
    const refusals = {
      follow: await gina.put(`/v1/me/follows/post/${ideaId}`),
      unfollow: await gina.delete(`/v1/me/follows/community/${communityId}`),
      follows: await gina.get('/v1/me/follows'),
      preferences: await gina.get('/v1/me/notification-preferences'),
      vote: await gina.put(`/v1/posts/${ideaId}/vote`),
      board: await gina.get(`/v1/communities/${communityId}/ideas`),
    };
    for (const [route, refused] of Object.entries(refusals)) {
      expect([route, refused.status]).toEqual([route, 403]);
      expect(refused.body).toMatchObject({ sanction: { kind: 'suspend', reasonCode: 'harassment', until: issued.body.until } });
    }
    expect((await gina.get('/v1/me/notifications')).status).toBe(200);
    expect((await gina.get('/v1/me/notifications/unread-count')).status).toBe(200);
  });

  it('lets only senior moderators ban, and lift a ban; lifting is recorded and the member may post again', async () => {
    const [{ communityId }, mo, senior, dave] = await Promise.all([
      openCommunity('ban'),
      member('mo', ['moderators']),
      member('senior', ['moderators', 'senior-moderators']),
      member('dave'),
    ]);
    const daveId = await idOf(dave);
    expect((await mo.post(`/v1/members/${daveId}/sanctions`, { kind: 'ban', reasonCode: 'ban-evasion' })).status).toBe(403);
    const ban = await senior.post(`/v1/members/${daveId}/sanctions`, { kind: 'ban', reasonCode: 'ban-evasion' });
    expect(ban.status).toBe(201);
    expect(ban.body.until).toBeNull();
    expect((await postIn(communityId, dave)).status).toBe(403);

    expect((await mo.delete(`/v1/members/${daveId}/sanctions/${ban.body.sanctionId}`)).status).toBe(403);
    const lifted = await senior.delete(`/v1/members/${daveId}/sanctions/${ban.body.sanctionId}?note=identity%20confirmed`);
    expect(lifted.status).toBe(200);
    expect(lifted.body.lifted).toMatchObject({ by: await idOf(senior), note: 'identity confirmed' });
    expect((await senior.delete(`/v1/members/${daveId}/sanctions/${ban.body.sanctionId}`)).status).toBe(409);
    expect((await postIn(communityId, dave)).status).toBe(201);
  });

  it('refuses a period on a warning and none on a silence, and sanctioning oneself', async () => {
    const [mo, erin] = await Promise.all([member('mo', ['moderators']), member('erin')]);
    const [erinId, moId] = [await idOf(erin), await idOf(mo)];
    const warn = await mo.post(`/v1/members/${erinId}/sanctions`, { kind: 'warn', reasonCode: 'off-topic', durationDays: 2 });
    expect(warn.status).toBe(422);
    expect(warn.body.errors).toEqual([expect.objectContaining({ field: 'body.durationDays' })]);
    expect((await mo.post(`/v1/members/${erinId}/sanctions`, { kind: 'silence', reasonCode: 'spam' })).status).toBe(422);
    const self = await mo.post(`/v1/members/${moId}/sanctions`, { kind: 'warn', reasonCode: 'spam' });
    expect(self.status).toBe(422);
    expect(self.body.detail).toMatch(/cannot sanction yourself/);
    const warned = await mo.post(`/v1/members/${erinId}/sanctions`, { kind: 'warn', reasonCode: 'off-topic' });
    expect(warned.status).toBe(201);
    // A warning restricts nothing.
    expect((await erin.get('/v1/me')).body.restriction).toBeNull();
  });

  it('takes one appeal per sanction, decided by a moderator other than the issuer; lifting it restores posting', async () => {
    const [{ communityId }, mo, other, frank] = await Promise.all([
      openCommunity('appeal'),
      member('mo', ['moderators']),
      member('other', ['moderators']),
      member('frank'),
    ]);
    const frankId = await idOf(frank);
    const sanction = (await mo.post(`/v1/members/${frankId}/sanctions`, { kind: 'silence', reasonCode: 'spam', durationDays: 30 })).body;

    const appeal = await frank.post(`/v1/me/sanctions/${sanction.sanctionId}/appeal`, { text: 'It was a product link, not spam' });
    expect(appeal.status).toBe(201);
    expect(appeal.body.appeal).toMatchObject({ status: 'open' });
    expect((await frank.post(`/v1/me/sanctions/${sanction.sanctionId}/appeal`, { text: 'again' })).status).toBe(409);
    const open = await other.get('/v1/sanction-appeals?limit=100');
    expect(open.body.items.map((s: { sanctionId: string }) => s.sanctionId)).toContain(sanction.sanctionId);

    expect((await mo.post(`/v1/members/${frankId}/sanctions/${sanction.sanctionId}/appeal-decision`, { outcome: 'lift' })).status).toBe(403);
    const decided = await other.post(`/v1/members/${frankId}/sanctions/${sanction.sanctionId}/appeal-decision`, { outcome: 'lift', note: 'fair' });
    expect(decided.status).toBe(200);
    expect(decided.body.appeal).toMatchObject({ status: 'lifted', decidedBy: await idOf(other) });
    expect((await postIn(communityId, frank)).status).toBe(201);
    const after = await other.get('/v1/sanction-appeals?limit=100');
    expect(after.body.items.map((s: { sanctionId: string }) => s.sanctionId)).not.toContain(sanction.sanctionId);
  });

  it('makes a sanction appeal a moderation queue item: the issuer can neither lease nor decide it, another moderator claims it in the queue and approving lifts the sanction', async () => {
    // Prepare: a silence issued with a reject in a community of this test's own, so its appeal is in that community's queue.
    const [{ communityId, manager }, mo, other, kim] = await Promise.all([
      openCommunity('appeal-queue'),
      member('mo', ['moderators']),
      member('other', ['moderators']),
      member('kim'),
    ]);
    await manager.put(`/v1/communities/${communityId}/moderation-policy`, { watchedTerms: ['refund'] });
    const held = await postIn(communityId, kim, 'refund me now');
    const leasedPost = await mo.put(`/v1/moderation/items/post-${held.body.postId}/lease`);
    const rejected = await mo.post(`/v1/moderation/items/post-${held.body.postId}/decision`, {
      action: 'reject',
      reasonCode: 'spam',
      version: leasedPost.body.version,
      sanction: { kind: 'silence', reasonCode: 'spam', durationDays: 2 },
    });
    expect(rejected.status).toBe(200);
    const [sanction] = (await kim.get('/v1/me/sanctions')).body.items;
    const itemId = `sanction-${sanction.sanctionId}`;

    // Act: the member appeals; the issuer tries the queue, another moderator works it.
    const appeal = await kim.post(`/v1/me/sanctions/${sanction.sanctionId}/appeal`, { text: 'A refund question is not spam' });
    const byIssuer = await mo.post(`/v1/moderation/items/claim-next?communityId=${communityId}`);
    const issuerLease = await mo.put(`/v1/moderation/items/${itemId}/lease`);
    const claimed = await other.post(`/v1/moderation/items/claim-next?communityId=${communityId}`);
    const issuerDecision = await mo.post(`/v1/moderation/items/${itemId}/decision`, { action: 'approve', version: claimed.body.version });
    const approved = await other.post(`/v1/moderation/items/${itemId}/decision`, { action: 'approve', note: 'a fair question', version: claimed.body.version });

    // Assess
    expect(appeal.status).toBe(201);
    expect(byIssuer.status).toBe(204);
    expect(issuerLease.status).toBe(403);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({
      itemId,
      kind: 'sanction-appeal',
      communityId,
      postId: null,
      authorId: await idOf(kim),
      excerpt: 'A refund question is not spam',
      rejectedBy: await idOf(mo),
      sanction: { sanctionId: sanction.sanctionId, kind: 'silence', reasonCode: 'spam', until: sanction.until, issuedBy: await idOf(mo) },
    });
    expect(issuerDecision.status).toBe(403);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', lastDecision: { action: 'approve', moderatorId: await idOf(other) } });
    expect((await postIn(communityId, kim)).status).toBe(201);
    const own = (await kim.get('/v1/me/sanctions')).body.items[0];
    expect(own).toMatchObject({ sanctionId: sanction.sanctionId, lifted: true, appeal: { status: 'lifted', text: 'A refund question is not spam' } });
    const audit = await other.get(`/v1/moderation/audit?itemId=${itemId}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['claim', 'approve']);
    expect((await kim.post(`/v1/me/sanctions/${sanction.sanctionId}/appeal`, { text: 'again' })).status).toBe(409);
  });

  it('queues an appeal filed before appeals were queue items when a moderator first decides it, and upholds it', async () => {
    // Prepare: a silence appealed the way appeals were stored before they were queue items (on the sanction, no item).
    const [mo, other, lee] = await Promise.all([member('mo', ['moderators']), member('other', ['moderators']), member('lee')]);
    const leeId = await idOf(lee);
    const sanction = (await mo.post(`/v1/members/${leeId}/sanctions`, { kind: 'silence', reasonCode: 'spam', durationDays: 5 })).body;
    const filedAt = new Date(Date.now() - 3_600_000).toISOString();
    const earlier = { text: 'an appeal from before the queue', at: filedAt, status: 'open' as const, decidedBy: null, decidedAt: null, note: null };
    await documentClient.send(
      new TransactWriteCommand({ TransactItems: [appealSanctionItem(storageConfig().tableName, leeId, sanction.sanctionId, earlier)] }),
    );
    const itemId = `sanction-${sanction.sanctionId}`;
    const before = await other.get(`/v1/moderation/items/${itemId}`);

    // Act
    const upheld = await other.post(`/v1/members/${leeId}/sanctions/${sanction.sanctionId}/appeal-decision`, { outcome: 'uphold', note: 'it was spam' });

    // Assess
    expect(before.status).toBe(404);
    expect(upheld.status).toBe(200);
    expect(upheld.body.appeal).toMatchObject({ status: 'upheld', decidedBy: await idOf(other), text: 'an appeal from before the queue' });
    expect(upheld.body.lifted).toBeNull();
    const item = (await other.get(`/v1/moderation/items/${itemId}`)).body;
    expect(item).toMatchObject({
      kind: 'sanction-appeal',
      status: 'rejected',
      createdAt: filedAt,
      excerpt: 'an appeal from before the queue',
      rejectedBy: await idOf(mo),
    });
    const audit = await other.get(`/v1/moderation/audit?itemId=${itemId}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['claim', 'reject']);
    const open = await other.get('/v1/sanction-appeals?limit=100');
    expect(open.body.items.map((s: { sanctionId: string }) => s.sanctionId)).not.toContain(sanction.sanctionId);
  });

  it('decides a sanction appeal exactly once when two moderators decide it at once, and takes one appeal when two arrive at once', async () => {
    const [mo, one, two, lee] = await Promise.all([member('mo', ['moderators']), member('one', ['moderators']), member('two', ['moderators']), member('lee')]);
    const leeId = await idOf(lee);
    const sanction = (await mo.post(`/v1/members/${leeId}/sanctions`, { kind: 'suspend', reasonCode: 'abuse', durationDays: 5 })).body;

    const appeals = await Promise.all([
      lee.post(`/v1/me/sanctions/${sanction.sanctionId}/appeal`, { text: 'first' }),
      lee.post(`/v1/me/sanctions/${sanction.sanctionId}/appeal`, { text: 'second' }),
    ]);
    const decisions = await Promise.all([
      one.post(`/v1/members/${leeId}/sanctions/${sanction.sanctionId}/appeal-decision`, { outcome: 'lift' }),
      two.post(`/v1/members/${leeId}/sanctions/${sanction.sanctionId}/appeal-decision`, { outcome: 'uphold' }),
    ]);

    expect(appeals.map((r) => r.status).sort()).toEqual([201, 409]);
    const statuses = decisions.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 403 || s === 409)).toHaveLength(1);
    const winner = decisions.find((r) => r.status === 200)!;
    const item = (await one.get(`/v1/moderation/items/sanction-${sanction.sanctionId}`)).body;
    const audit = (await one.get(`/v1/moderation/audit?itemId=sanction-${sanction.sanctionId}`)).body.items as { action: string; actorId: string }[];
    const decided = audit.filter((e) => e.action === 'approve' || e.action === 'reject');
    expect(decided).toHaveLength(1);
    expect(item.lastDecision.moderatorId).toBe(winner.body.appeal.decidedBy);
    expect(item.status).toBe(winner.body.appeal.status === 'lifted' ? 'approved' : 'rejected');
    expect((await lee.get('/v1/me')).body.restriction === null).toBe(winner.body.appeal.status === 'lifted');
  });

  it('commits one of two decisions made at the same moment on the same version (both past every check before either writes)', async () => {
    // Prepare: one moderator's two tabs hold the lease on the same version; each decision waits for the other before it commits.
    const deps = tableDeps(() => new Date());
    const queue = { members: deps.members!, moderation: deps.moderation, clock: deps.clock };
    const [issuer, mod, member] = [
      callerOf(uniqueId('mo'), new Set(['moderators'])),
      callerOf(uniqueId('pat'), new Set(['moderators'])),
      callerOf(uniqueId('quinn')),
    ];
    const sanction = await sanctionMember({ members: queue.members, clock: queue.clock }, issuer, member.memberId, {
      kind: 'silence',
      reasonCode: 'spam',
      durationDays: 4,
    });
    await appealSanction(queue, member, sanction.sanctionId, 'please');
    const itemId = `sanction-${sanction.sanctionId}`;
    const leased = await leaseItem(queue, mod, itemId);
    let arrived = 0;
    let release: () => void = () => {};
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    const decideAfterTheOther = (action: 'approve' | 'reject') =>
      decideWith(
        queue,
        mod,
        itemId,
        { action, version: leased.version, ...(action === 'reject' ? { reasonCode: 'spam' as const } : {}) },
        async (item, now) => {
          const step = await sanctionAppealStep(queue.members, mod, item, { action }, now);
          if (++arrived === 2) release();
          await bothArrived;
          return step;
        },
      );

    // Act
    const outcomes = await Promise.allSettled([decideAfterTheOther('approve'), decideAfterTheOther('reject')]);

    // Assess: one committed, the other refused with 409; the sanction and the audit say the same one.
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    const won = (outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{ status: string }>).value;
    const stored = await queue.members.getSanction(member.memberId, sanction.sanctionId);
    expect(stored!.appeal!.status).toBe(won.status === 'approved' ? 'lifted' : 'upheld');
    const decisions = (await deps.moderation.auditOfItem(itemId, { limit: 10 })).items.filter((e) => e.action === 'approve' || e.action === 'reject');
    expect(decisions).toHaveLength(1);
  });

  it("puts a ban's appeal in the senior queue, and closes an open appeal's item when its sanction is lifted early", async () => {
    const [mo, senior, other, nat, oz] = await Promise.all([
      member('mo', ['moderators']),
      member('senior', ['moderators', 'senior-moderators']),
      member('other', ['moderators']),
      member('nat'),
      member('oz'),
    ]);
    const [natId, ozId] = [await idOf(nat), await idOf(oz)];
    const ban = (await senior.post(`/v1/members/${natId}/sanctions`, { kind: 'ban', reasonCode: 'ban-evasion' })).body;
    const silence = (await mo.post(`/v1/members/${ozId}/sanctions`, { kind: 'silence', reasonCode: 'spam', durationDays: 9 })).body;
    await nat.post(`/v1/me/sanctions/${ban.sanctionId}/appeal`, { text: 'not my account' });
    await oz.post(`/v1/me/sanctions/${silence.sanctionId}/appeal`, { text: 'sorry' });

    const banItem = await other.get(`/v1/moderation/items/sanction-${ban.sanctionId}`);
    const seniorItem = await mo.get(`/v1/moderation/items/sanction-${ban.sanctionId}`);
    const lifted = await other.delete(`/v1/members/${ozId}/sanctions/${silence.sanctionId}?note=changed%20my%20mind`);

    expect(banItem.status).toBe(403);
    expect(seniorItem.status).toBe(403);
    expect((await senior.get(`/v1/moderation/items/sanction-${ban.sanctionId}`)).body).toMatchObject({
      queue: 'senior',
      status: 'escalated',
      priority: 'high',
    });
    expect(lifted.status).toBe(200);
    expect(lifted.body.appeal).toMatchObject({ status: 'lifted', decidedBy: await idOf(other), itemId: `sanction-${silence.sanctionId}` });
    const closed = (await other.get(`/v1/moderation/items/sanction-${silence.sanctionId}`)).body;
    expect(closed).toMatchObject({ status: 'approved', allowedActions: [], lastDecision: { action: 'approve', note: 'changed my mind' } });
  });

  it('issues a sanction with a reject decision, and shows it on the record with the decision; members never see records', async () => {
    const [{ communityId, manager }, mo, gina] = await Promise.all([openCommunity('from-queue'), member('mo', ['moderators']), member('gina')]);
    await manager.put(`/v1/communities/${communityId}/moderation-policy`, { watchedTerms: ['refund'] });
    const held = await postIn(communityId, gina, 'refund me now');
    const itemId = `post-${held.body.postId}`;
    const leased = await mo.put(`/v1/moderation/items/${itemId}/lease`);

    const decided = await mo.post(`/v1/moderation/items/${itemId}/decision`, {
      action: 'reject',
      reasonCode: 'spam',
      version: leased.body.version,
      sanction: { kind: 'silence', reasonCode: 'spam', durationDays: 1 },
    });

    expect(decided.status).toBe(200);
    expect((await postIn(communityId, gina)).status).toBe(403);
    const ginaId = await idOf(gina);
    await mo.post(`/v1/members/${ginaId}/notes`, { text: 'second spam wave this week' });
    const record = await mo.get(`/v1/members/${ginaId}/record`);
    expect(record.status).toBe(200);
    expect(record.body.sanctions).toEqual([expect.objectContaining({ kind: 'silence', sourceItemId: itemId, issuedBy: await idOf(mo) })]);
    expect(record.body.content).toEqual([expect.objectContaining({ itemId, status: 'rejected', lastDecision: expect.objectContaining({ action: 'reject' }) })]);
    expect(record.body.notes).toEqual([expect.objectContaining({ text: 'second spam wave this week', authorId: await idOf(mo) })]);
    expect((await gina.get(`/v1/members/${ginaId}/record`)).status).toBe(403);
    expect((await gina.post(`/v1/members/${ginaId}/notes`, { text: 'x' })).status).toBe(403);
  });

  it('refuses a sanction with anything but a reject', async () => {
    const mo = await member('mo', ['moderators']);
    const res = await mo.post(`/v1/moderation/items/post-01JD0000000000000000000000/decision`, {
      action: 'approve',
      version: 1,
      sanction: { kind: 'warn', reasonCode: 'spam' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.sanction' })]);
  });

  it('keeps both of two sanctions issued at the same moment', async () => {
    const [mo, other] = await Promise.all([member('mo', ['moderators']), member('other', ['moderators'])]);
    const target = uniqueId('henry');
    const [a, b] = await Promise.all([
      mo.post(`/v1/members/${target}/sanctions`, { kind: 'silence', reasonCode: 'spam', durationDays: 2 }),
      other.post(`/v1/members/${target}/sanctions`, { kind: 'suspend', reasonCode: 'abuse', durationDays: 1 }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const state = await memberStore().getState(target, { consistent: true });
    expect(Object.keys(state!.sanctions).sort()).toEqual([a.body.sanctionId, b.body.sanctionId].sort());
  });

  it('ends a silence by itself when its period is over (an injected clock, no job)', async () => {
    const store = memberStore();
    const name = uniqueId('ivy');
    const start = new Date('2026-11-01T10:00:00.000Z');
    await sanctionMember({ members: store, clock: () => start }, callerOf('mo-clock', new Set(['moderators'])), name, {
      kind: 'silence',
      reasonCode: 'spam',
      durationDays: 2,
    });
    const consistent = { getState: (id: string) => store.getState(id, { consistent: true }), createState: store.createState };

    await expect(admit(consistent, () => new Date('2026-11-03T09:59:59.000Z'), callerOf(name), 'write')).rejects.toBeInstanceOf(SanctionedError);
    await expect(admit(consistent, () => new Date('2026-11-03T10:00:00.000Z'), callerOf(name), 'write')).resolves.toMatchObject({ memberId: name });
  });
});
