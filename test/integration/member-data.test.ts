/**
 * A member's data (issue 15): the export job and its pre-signed archive, and the erasure that leaves
 * no item naming the member, keeps (or deletes) their content, keeps counters consistent, and makes
 * their lake pseudonym unproducible.
 */
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { storageConfig } from '../../lambdas/config';
import { systemClock } from '../../lambdas/domain/clock';
import { backfillMemberIndex } from '../../lambdas/members/member-index-backfill';
import { deskItemKey } from '../../lambdas/store/entities/desk-item';
import { memberItemsQuery, PK, SK, TTL } from '../../lambdas/store/expressions';
import { dynamoMemberData } from '../../lambdas/store/member-data/dynamo-member-data';
import { dynamoMemberIndexBackfill } from '../../lambdas/store/member-data/member-index-backfill';
import { MEMBER_DATA } from '../../lambdas/store/member-data/registry';
import { LOCAL_TABLES } from '../../local/settings';
import { documentClient } from '../../lambdas/store/dynamo-client';
import { dynamoMemberStore } from '../../lambdas/store/dynamo-member-store';
import { resolveLocalhostNames } from './support/local-aws';
import { pollUntil } from './support/poll';
import { lakeIdOf } from './support/pseudonyms';
import { tokenFor, uniqueId } from './support/api';
import { type Member, member, openCommunity } from './support/fixtures';
import { openLive } from './support/live';

let undoDns: () => void;
beforeAll(() => {
  undoDns = resolveLocalhostNames();
});
afterAll(() => undoDns());

const idOf = async (m: Member): Promise<string> => (await m.get('/v1/me')).body.memberId as string;

/**
 * Until the notifier has acted on a comment: the post's author has an unread notification and the
 * commenter follows the post. Erasure must then find what the notifier wrote, in both inboxes.
 */
async function notified(author: Member, commenter: Member, postId: string): Promise<void> {
  const unread = await pollUntil(
    async () => (await author.get('/v1/me/notifications/unread-count')).body.unreadCount as number,
    (n) => n > 0,
    60_000,
  );
  expect(unread).toBeGreaterThan(0);
  const follows = await pollUntil(
    async () => (await commenter.get('/v1/me/follows')).body.items as { targetId: string }[],
    (items) => items.some((f) => f.targetId === postId),
    60_000,
  );
  expect(follows.map((f) => f.targetId)).toContain(postId);
}

/** Every item of the community table and of the live connections table as JSON, a page at a time. */
async function tableAsText(): Promise<string[]> {
  return [...(await scan(storageConfig().tableName)), ...(await scan(LOCAL_TABLES.liveConnectionsTable!))];
}

async function scan(table: string): Promise<string[]> {
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []).map((i) => JSON.stringify(i)));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The member's byMember entries (sort keys), all kinds. */
async function memberIndexOf(memberId: string): Promise<string[]> {
  const out = await documentClient.send(new QueryCommand(memberItemsQuery(storageConfig().tableName, memberId, '', 1000, undefined)));
  return (out.Items ?? []).map((i) => String(i.memberSk)).sort();
}

/** Takes the byMember keys off the member's items of the kinds the backfill covers: as they were written before the index. */
async function asBeforeTheIndex(memberId: string): Promise<void> {
  const out = await documentClient.send(new QueryCommand(memberItemsQuery(storageConfig().tableName, memberId, '', 1000, undefined)));
  const covered = (out.Items ?? []).filter((i) => /^(POST|REVISION|COMMENT|REACTION|REPORT|MODITEM)#/.test(String(i.memberSk)));
  for (const item of covered) {
    await documentClient.send(
      new UpdateCommand({ TableName: storageConfig().tableName, Key: { [PK]: item[PK], [SK]: item[SK] }, UpdateExpression: 'REMOVE memberPk, memberSk' }),
    );
  }
}

async function exportOf(m: Member) {
  const started = await m.post('/v1/me/export');
  expect(started.status).toBe(202);
  const ready = await pollUntil(
    () => m.get('/v1/me/export'),
    (r) => r.body?.status !== 'running',
    20_000,
  );
  expect(ready.body).toMatchObject({ status: 'ready', exportId: started.body.exportId });
  const archive = await fetch(ready.body.url as string);
  expect(archive.status).toBe(200);
  return { job: ready.body, archive: (await archive.json()) as { memberId: string; data: Record<string, Record<string, unknown>[]> } };
}

async function erased(manager: Member, erasureId: string) {
  const done = await pollUntil(
    () => manager.get(`/v1/erasures/${erasureId}`),
    (r) => r.body?.status === 'done',
    20_000,
  );
  expect(done.body.status).toBe('done');
  return done.body;
}

describe("a member's data", () => {
  it('exports everything about the member as a JSON archive behind a time-limited URL, one export at a time', async () => {
    // Prepare: posts (one edited), a comment, a reaction, a report, a warning.
    const [{ communityId }, ann, bob, mo] = await Promise.all([openCommunity('export'), member('ann'), member('bob'), member('mo', ['moderators'])]);
    const first = (await ann.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'First', body: 'Ann writes' })).body;
    await ann.patch(`/v1/posts/${first.postId}`, { body: 'Ann rewrites' }, { 'if-match': '"1"' });
    const bobs = (await bob.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Bob', body: 'Bob writes' })).body;
    await ann.post(`/v1/posts/${bobs.postId}/comments`, { body: 'Ann comments' });
    await ann.put(`/v1/posts/${bobs.postId}/reactions/helpful`);
    await ann.post(`/v1/posts/${bobs.postId}/reports`, { reasonCode: 'off-topic', text: 'not about gear' });
    const warning = (await mo.post(`/v1/members/${await idOf(ann)}/sanctions`, { kind: 'warn', reasonCode: 'off-topic', note: 'moderators only' })).body;
    expect((await ann.post(`/v1/me/sanctions/${warning.sanctionId}/appeal`, { text: 'I was on topic' })).status).toBe(201);
    const idea = (await bob.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title: 'Bob idea', body: 'Vote for it' })).body;
    expect((await ann.put(`/v1/posts/${idea.postId}/vote`)).status).toBe(200);
    const socket = await openLive(await tokenFor(ann.name, ['members']));

    // Act
    const { job, archive } = await exportOf(ann);
    await socket.close();

    // Assess
    expect(Date.parse(job.archiveExpiresAt) - Date.parse(job.completedAt)).toBe(7 * 86_400_000);
    expect(new URL(job.url).searchParams.get('X-Amz-Expires')).toBe('900');
    expect(archive.memberId).toBe(await idOf(ann));
    const data = archive.data;
    expect(data.posts).toEqual([expect.objectContaining({ postId: first.postId, body: 'Ann rewrites', version: 2 })]);
    expect(data['post-revisions']).toEqual([expect.objectContaining({ postId: first.postId, body: 'Ann writes', version: 1 })]);
    expect(data.comments).toEqual([expect.objectContaining({ postId: bobs.postId, body: 'Ann comments' })]);
    expect(data.reactions).toEqual([expect.objectContaining({ postId: bobs.postId, reaction: 'helpful' })]);
    expect(data['reports-filed']).toEqual([expect.objectContaining({ reasonCode: 'off-topic', text: 'not about gear' })]);
    expect(data.sanctions).toEqual([expect.objectContaining({ kind: 'warn', reasonCode: 'off-topic' })]);
    expect(data.votes).toEqual([expect.objectContaining({ postId: idea.postId, communityId })]);
    expect(data['live-connections']).toEqual([expect.objectContaining({ groups: ['members'], connectedAt: expect.any(String) })]);
    expect(JSON.stringify(data.sanctions)).not.toContain('moderators only');
    expect(data['sanction-appeals']).toEqual([
      {
        itemId: `sanction-${warning.sanctionId}`,
        sanctionId: warning.sanctionId,
        text: 'I was on topic',
        status: 'pending',
        createdAt: expect.any(String),
        decision: null,
      },
    ]);
    // The post and the comment, published at once (an edit is no new contribution).
    expect(data.account).toEqual([expect.objectContaining({ approvedContributions: 2 })]);
    expect(job.itemCount).toBe(Object.values(data).reduce((n, items) => n + items.length, 0));
  }, 30_000);

  it('refuses a second export while one is running (409), with concurrent requests too', async () => {
    const cat = await member('cat');
    const [a, b] = await Promise.all([cat.post('/v1/me/export'), cat.post('/v1/me/export')]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
  });

  it('erases a member: no item names them, their posts stay by "former member", counters stay right, their pseudonym is gone', async () => {
    // Prepare
    const [{ communityId, manager }, dora, eve] = await Promise.all([openCommunity('erase'), member('dora'), member('eve')]);
    expect((await manager.put(`/v1/communities/${communityId}/idea-settings`, { teams: ['supply-chain'], voteBudget: 3 })).status).toBe(200);
    expect((await manager.put(`/v1/communities/${communityId}/response-policy`, { question: { withinHours: 4 }, review: null, idea: null })).status).toBe(200);
    const doraId = await idOf(dora);
    const text = `Dora's words ${doraId.slice(0, 8)}`;
    // With an Idempotency-Key: its create marker (in her ONCE# partition) names her too.
    const doras = (
      await dora.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Dora', body: text }, { 'idempotency-key': uniqueId('dora-post') })
    ).body;
    // A question waits in the response desk: its desk item copies her id and the title.
    const question = (await dora.post(`/v1/communities/${communityId}/posts`, { kind: 'question', title: `${text} question`, body: 'Which stove?' })).body;
    const deskItem = async () =>
      (await documentClient.send(new GetCommand({ TableName: storageConfig().tableName, Key: deskItemKey(`desk-${question.postId}`), ConsistentRead: true })))
        .Item;
    expect(await deskItem()).toMatchObject({ authorId: doraId, title: `${text} question` });
    await dora.patch(`/v1/posts/${doras.postId}`, { body: `${text} edited` }, { 'if-match': '"1"' });
    const eves = (await eve.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Eve', body: 'Eve writes' })).body;
    await dora.post(`/v1/posts/${eves.postId}/comments`, { body: `${text} comment` });
    await dora.put(`/v1/posts/${eves.postId}/reactions/like`);
    await eve.put(`/v1/posts/${eves.postId}/reactions/like`);
    await dora.post(`/v1/posts/${eves.postId}/reports`, { reasonCode: 'other', text: `${text} report` });
    // Votes: one standing (beside Eve's, on a budgeted community's idea), one taken back (its tombstone).
    const [keptIdea, droppedIdea] = await Promise.all(
      ['Kept', 'Dropped'].map(async (title) => (await eve.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title, body: 'An idea' })).body),
    );
    for (const voter of [dora, eve]) expect((await voter.put(`/v1/posts/${keptIdea.postId}/vote`)).status).toBe(200);
    expect((await dora.put(`/v1/posts/${droppedIdea.postId}/vote`)).status).toBe(200);
    expect((await dora.delete(`/v1/posts/${droppedIdea.postId}/vote`)).status).toBe(200);
    // A rate window of the shape written before windows moved to the member's partition: found through byMember until its TTL.
    await documentClient.send(
      new PutCommand({
        TableName: storageConfig().tableName,
        Item: {
          [PK]: `RATE#post#${communityId}#${doraId}`,
          [SK]: 'BUCKET',
          type: 'rate-window',
          tat: Date.now(),
          [TTL]: Math.ceil(Date.now() / 1000) + 3600,
          memberPk: `MEMBER#${doraId}`,
          memberSk: `RATE#post#${communityId}`,
        },
      }),
    );
    // A create marker of the earlier shape, found through byMember until its TTL.
    await documentClient.send(
      new PutCommand({
        TableName: storageConfig().tableName,
        Item: {
          [PK]: `ONCE#${doraId}#POST /v1/communities/${communityId}/posts earlier-key`,
          [SK]: 'ONCE',
          type: 'create-marker',
          fingerprint: 'f',
          resourceId: doras.postId,
          answer: '{}',
          [TTL]: Math.ceil(Date.now() / 1000) + 3600,
          memberPk: `MEMBER#${doraId}`,
          memberSk: `ONCE#POST /v1/communities/${communityId}/posts earlier-key`,
        },
      }),
    );
    const socket = await openLive(await tokenFor(dora.name, ['members']));
    const socketClosed = new Promise<number>((resolve) => socket.ws.once('close', (code) => resolve(code)));
    await notified(eve, dora, eves.postId);
    // Sanction appeals (queue items naming her, with her words): a warning's still open, a silence's upheld by another moderator.
    const [mo, other] = await Promise.all([member('mo', ['moderators']), member('other', ['moderators'])]);
    const warned = (await mo.post(`/v1/members/${doraId}/sanctions`, { kind: 'warn', reasonCode: 'spam' })).body;
    const silenced = (await mo.post(`/v1/members/${doraId}/sanctions`, { kind: 'silence', reasonCode: 'spam', durationDays: 1 })).body;
    expect((await dora.post(`/v1/me/sanctions/${warned.sanctionId}/appeal`, { text: `${text} appeal one` })).status).toBe(201);
    expect((await dora.post(`/v1/me/sanctions/${silenced.sanctionId}/appeal`, { text: `${text} appeal two` })).status).toBe(201);
    expect((await other.post(`/v1/members/${doraId}/sanctions/${silenced.sanctionId}/appeal-decision`, { outcome: 'uphold' })).status).toBe(200);
    // Their notices reach her inbox before she goes (a notice after the erasure would be a new inbox, of nobody).
    const notices = await pollUntil(
      async () => ((await dora.get('/v1/me/notifications?limit=100')).body.items ?? []) as { type: string }[],
      (seen) => seen.filter((n) => n.type.startsWith('member.')).length === 3,
      60_000,
    );
    expect(notices.filter((n) => n.type.startsWith('member.'))).toHaveLength(3);
    const pseudonym = await lakeIdOf(doraId);
    expect(pseudonym).toEqual(expect.stringMatching(/^[\w-]{43}$/));
    expect(await lakeIdOf(doraId)).toBe(pseudonym);

    // Act
    const accepted = await dora.delete('/v1/me');
    expect(accepted.status).toBe(202);
    const audit = await erased(manager, accepted.body.erasureId);

    // Assess: the audit says who asked and what, never who was erased.
    expect(audit).toMatchObject({ requestedBy: 'member', managerId: null, content: 'de-identify' });
    expect(audit.counts).toMatchObject({
      posts: 2,
      'desk-items': 1,
      'post-revisions': 1,
      comments: 1,
      reactions: 1,
      votes: 2,
      'vote-budgets': 1,
      'live-connections': 1,
      'reports-filed': 1,
      // Her post, comment and report windows in her RATE# partition (and any other action's), and the earlier-shaped one.
      'rate-windows': expect.any(Number),
      'rate-windows-indexed': 1,
      'create-markers': 1,
      'create-markers-indexed': 1,
      'sanction-appeals': 2,
      account: 1,
    });
    expect(audit.counts['rate-windows']).toBeGreaterThanOrEqual(3);
    // The socket was closed by the erasure (the Management API's DeleteConnection), not left to its TTL.
    expect(typeof (await socketClosed)).toBe('number');
    const items = await tableAsText();
    expect(items.filter((i) => i.includes(doraId))).toEqual([]);
    expect(items.filter((i) => i.includes(dora.name))).toEqual([]);
    expect(items.filter((i) => i.includes(`${text} appeal`))).toEqual([]);
    // Both appeals stay in the queue for its history and counts, without her; the open one can still be decided (nothing left to lift).
    const withoutHer = { authorId: 'former-member', excerpt: '', appealText: null };
    expect((await other.get(`/v1/moderation/items/sanction-${silenced.sanctionId}`)).body).toMatchObject({ status: 'rejected', ...withoutHer });
    const open = await other.put(`/v1/moderation/items/sanction-${warned.sanctionId}/lease`);
    expect(open.body).toMatchObject({ status: 'pending', ...withoutHer });
    const closed = await other.post(`/v1/moderation/items/sanction-${warned.sanctionId}/decision`, { action: 'approve', version: open.body.version });
    expect(closed.body).toMatchObject({ status: 'approved' });
    // The desk keeps the item for its figures, without her id or the title it copied.
    expect(await deskItem()).toMatchObject({ authorId: 'former-member', title: '', status: 'open' });
    // Kept for the thread's sake, by "former member"; Eve's post counts one like (Eve's) and one comment.
    const kept = await eve.get(`/v1/posts/${doras.postId}`);
    expect(kept.body).toMatchObject({ authorName: 'former member', authorId: 'former-member', body: `${text} edited` });
    expect((await eve.get(`/v1/posts/${eves.postId}`)).body).toMatchObject({ commentCount: 1, reactionCounts: expect.objectContaining({ like: 1 }) });
    expect((await eve.get(`/v1/posts/${eves.postId}/comments`)).body.items).toEqual([expect.objectContaining({ authorName: 'former member' })]);
    // The idea's tally lost Dora's vote and kept Eve's; the one she took back stays at 0.
    expect((await eve.get(`/v1/posts/${keptIdea.postId}`)).body).toMatchObject({ voteCount: 1 });
    expect((await eve.get(`/v1/posts/${droppedIdea.postId}`)).body).toMatchObject({ voteCount: 0 });
    // The pseudonym key went with the state: no lake row can be tied to Dora any more.
    expect(await dynamoMemberStore(documentClient, storageConfig().tableName).getState(doraId, { consistent: true })).toBeUndefined();
    expect(await lakeIdOf(doraId)).toBeNull();

    // A new account under the same username finds nothing of the old one in its export.
    const { archive } = await exportOf(dora);
    expect(Object.entries(archive.data).filter(([kind, items]) => kind !== 'account' && items.length > 0)).toEqual([]);
  }, 30_000);

  it("deletes the member's content too when asked (a community manager's request), with the counts it held", async () => {
    const [{ communityId, manager }, finn, gus] = await Promise.all([openCommunity('erase-all'), member('finn'), member('gus')]);
    const finnId = await idOf(finn);
    const text = `Finn's secret ${finnId.slice(0, 8)}`;
    const finns = (
      await finn.post(`/v1/communities/${communityId}/posts`, { kind: 'review', title: 'Tent', body: text, productIds: ['SKU-ERASE-1'], rating: 1 })
    ).body;
    const guss = (await gus.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Gus', body: 'Gus writes' })).body;
    await finn.post(`/v1/posts/${guss.postId}/comments`, { body: `${text} comment` });
    expect((await gus.get('/v1/products/SKU-ERASE-1/posts')).body).toMatchObject({ reviewCount: 1 });
    await notified(gus, finn, guss.postId);

    const accepted = await manager.post(`/v1/members/${finnId}/erasure`, { content: 'delete', reference: 'TICKET-1' });
    expect(accepted.status).toBe(202);
    const audit = await erased(manager, accepted.body.erasureId);

    expect(audit).toMatchObject({
      requestedBy: 'community-manager',
      reference: 'TICKET-1',
      content: 'delete',
      counts: expect.objectContaining({ posts: 1, comments: 1 }),
    });
    const items = await tableAsText();
    expect(items.filter((i) => i.includes(finnId) || i.includes(finn.name) || i.includes(text))).toEqual([]);
    expect((await gus.get(`/v1/posts/${finns.postId}`)).status).toBe(404);
    expect((await gus.get(`/v1/posts/${guss.postId}`)).body.commentCount).toBe(0);
    expect((await gus.get('/v1/products/SKU-ERASE-1/posts')).body).toMatchObject({ reviewCount: 0 });
  }, 30_000);

  it('finds items written before byMember existed once the backfill ran (stopped, resumed, run again), so export and erasure reach them', async () => {
    // Prepare: Hal's post (edited), comment, reaction and report, and the queue item about his post, all without byMember keys.
    const [{ communityId }, hal, ida] = await Promise.all([openCommunity('backfill'), member('hal'), member('ida')]);
    const halId = await idOf(hal);
    const text = `Hal's old words ${halId.slice(0, 8)}`;
    const hals = (await hal.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Hal', body: text })).body;
    await hal.patch(`/v1/posts/${hals.postId}`, { body: `${text} edited` }, { 'if-match': '"1"' });
    const idas = (await ida.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Ida', body: 'Ida writes' })).body;
    await hal.post(`/v1/posts/${idas.postId}/comments`, { body: `${text} comment` });
    await hal.put(`/v1/posts/${idas.postId}/reactions/funny`);
    // (Report texts stay on the queue item of Ida's post, never linked to Hal: not his words to look for below.)
    await hal.post(`/v1/posts/${idas.postId}/reports`, { reasonCode: 'other', text: 'an old report' });
    await ida.post(`/v1/posts/${hals.postId}/reports`, { reasonCode: 'spam' });
    await notified(ida, hal, idas.postId);
    const indexed = await memberIndexOf(halId);
    await asBeforeTheIndex(halId);
    expect((await memberIndexOf(halId)).filter((sk) => /^(POST|REVISION|COMMENT|REACTION|REPORT|MODITEM)#/.test(sk))).toEqual([]);

    // Act: a run stopped after one small page, resumed to the table's end, then started again from the beginning.
    const deps = { store: dynamoMemberIndexBackfill(documentClient, storageConfig().tableName), clock: systemClock };
    const name = uniqueId('backfill');
    const stopped = await backfillMemberIndex(deps, { pageSize: 5, maxPages: 1, name });
    const resumed = await backfillMemberIndex(deps, { pageSize: 1000, name });
    const restarted = await backfillMemberIndex(deps, { pageSize: 1000, name, restart: true });

    // Assess: the resumed run went on from the stopped one's page; the keys are back, as the entities write them; a second run adds nothing.
    expect(stopped).toMatchObject({ pages: 1, finishedAt: null });
    expect(resumed.pages).toBeGreaterThan(1);
    expect(resumed.finishedAt).not.toBeNull();
    expect(resumed.keyed).toBeGreaterThanOrEqual(6);
    expect(await memberIndexOf(halId)).toEqual(indexed);
    expect(restarted.finishedAt).not.toBeNull();
    expect(await memberIndexOf(halId)).toEqual(indexed);
    expect((await backfillMemberIndex(deps, { pageSize: 1000, name })).startedAt).toBe(restarted.startedAt);
    const { archive } = await exportOf(hal);
    expect(archive.data.posts).toEqual([expect.objectContaining({ postId: hals.postId })]);
    expect(archive.data['post-revisions']).toHaveLength(1);
    expect(archive.data.comments).toHaveLength(1);
    expect(archive.data.reactions).toHaveLength(1);
    expect(archive.data['reports-filed']).toHaveLength(1);
    const accepted = await hal.delete('/v1/me?content=delete');
    const { manager } = await openCommunity('backfill-audit');
    await erased(manager, accepted.body.erasureId);
    const items = await tableAsText();
    expect(items.filter((i) => i.includes(halId) || i.includes(hal.name) || i.includes(text))).toEqual([]);
  }, 120_000);

  it("counts each of a member's votes off its idea exactly once when the erasure runs twice at once (a job delivered again)", async () => {
    // Prepare: Jo and two others vote for three ideas; Jo took one vote back (a tombstone).
    const [{ communityId }, jo, kim, lee] = await Promise.all([openCommunity('erase-votes'), member('jo'), member('kim'), member('lee')]);
    const ideas = await Promise.all(
      [1, 2, 3].map(
        async (n) => (await kim.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title: `Idea ${n}`, body: 'An idea' })).body.postId as string,
      ),
    );
    for (const postId of ideas) for (const voter of [jo, kim, lee]) expect((await voter.put(`/v1/posts/${postId}/vote`)).status).toBe(200);
    expect((await jo.delete(`/v1/posts/${ideas[2]}/vote`)).status).toBe(200);
    const joId = await idOf(jo);
    const votes = dynamoMemberData(
      documentClient,
      storageConfig().tableName,
      MEMBER_DATA.filter((k) => k.kind === 'votes'),
    );

    // Act: two erasures of Jo's votes at the same moment.
    const counts = await Promise.all([0, 1].map(() => votes.erase(joId, 'de-identify', new Date().toISOString())));

    // Assess: each idea lost Jo's vote once; nothing of Jo's votes is left.
    for (const postId of ideas) expect((await kim.get(`/v1/posts/${postId}`)).body).toMatchObject({ voteCount: 2, viewerHasVoted: true });
    expect(counts.map((c) => c.votes ?? 0).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(3);
    expect(Object.values(await votes.collect(joId)).flat()).toEqual([]);
  }, 60_000);

  it("refuses a member erasing someone else's data", async () => {
    const [hal, ida] = await Promise.all([member('hal'), member('ida')]);
    expect((await hal.post(`/v1/members/${await idOf(ida)}/erasure`, { content: 'delete' })).status).toBe(403);
  });
});
