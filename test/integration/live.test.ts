/**
 * Live updates over a real WebSocket, on the local runtime: the $connect authorizer (aws-jwt-verify
 * against the local issuer's JWKS), the connections table on DynamoDB Local, pushes through the
 * Management API with the AWS SDK client, and the moderation queue's counts from the table's stream.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConnectionsLivePush } from '../../lambdas/live/live-push';
import { createManagementApiClient, createManagementApiSender } from '../../lambdas/live/management-api-sender';
import { LIVE_SUBPROTOCOL } from '../../lambdas/live/sockets';
import { createDynamoConnectionStore } from '../../lambdas/store/dynamo-connection-store';
import { openLocalIssuer, subjectFor } from '../../local/local-issuer';
import { LOCAL_TABLES } from '../../local/settings';
import { api, baseUrl, tokenFor, uniqueId } from './support/api';
import { member, openCommunity } from './support/fixtures';
import { openLive, type LiveSocket } from './support/live';
import { pollUntil } from './support/poll';

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const dynamo = new DynamoDBClient({});
const connections = createDynamoConnectionStore(DynamoDBDocumentClient.from(dynamo), LOCAL_TABLES.liveConnectionsTable!);
const management = createManagementApiClient(`${baseUrl()}/live`);
const push = new ConnectionsLivePush({ connections, sender: createManagementApiSender(management) });
const opened: LiveSocket[] = [];

async function socketFor(user: string, groups: readonly string[] = ['members'], via: 'subprotocol' | 'query' = 'subprotocol'): Promise<LiveSocket> {
  const socket = await openLive(await tokenFor(user, groups), via);
  opened.push(socket);
  return socket;
}

const marker = (text: string) => ({ type: 'error', message: text }) as const;

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  dynamo.destroy();
  management.destroy();
});

(local ? describe : describe.skip)('live updates over WebSocket (local runtime)', () => {
  describe('$connect', () => {
    it('accepts a valid access token offered as a subprotocol, answers that subprotocol and keeps the connection under its member', async () => {
      const user = uniqueId('live-alice');
      const socket = await socketFor(user);
      expect(socket.protocol).toBe(LIVE_SUBPROTOCOL);
      const kept = await connections.ofMember(subjectFor(user));
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({ memberId: subjectFor(user), groups: ['members'] });
    });

    it('accepts a valid access token in the token query parameter (clients that cannot offer subprotocols)', async () => {
      const user = uniqueId('live-query');
      const socket = await socketFor(user, ['members'], 'query');
      expect(socket.ws.readyState).toBe(socket.ws.OPEN);
      expect(await connections.ofMember(subjectFor(user))).toHaveLength(1);
    });

    it('refuses an expired access token, an ID token, a foreign issuer and no token with 401, and keeps nothing', async () => {
      const issuer = await openLocalIssuer({ file: process.env.CHORUS_ISSUER_FILE!, baseUrl: baseUrl() });
      const user = uniqueId('live-refused');
      const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
      const expired = await issuer.mintToken({ user, groups: ['members'], issuedAt: twoHoursAgo, ttlSeconds: 3600 });
      const idToken = await issuer.mintToken({ user, groups: ['members'], tokenUse: 'id' });
      // Another issuer (its own key, its own iss) that mints tokens of the very same shape.
      const foreign = await openLocalIssuer({ file: `${process.env.CHORUS_ISSUER_FILE}.foreign-${user}.json`, baseUrl: 'http://localhost:1' });
      const foreignToken = await foreign.mintToken({ user, groups: ['members'] });
      // The right issuer's claims signed with the foreign key: only the signature is wrong.
      const forged = await foreign.sign({
        iss: issuer.issuer,
        sub: subjectFor(user),
        token_use: 'access',
        client_id: issuer.clientId,
        exp: Math.floor(Date.now() / 1000) + 600,
      });

      for (const token of [expired, idToken, foreignToken, forged]) {
        await expect(openLive(token)).rejects.toThrow('refused 401');
        await expect(openLive(token, 'query')).rejects.toThrow('refused 401');
      }
      await expect(openLive('', 'query')).rejects.toThrow('refused 401');
      expect(await connections.ofMember(subjectFor(user))).toEqual([]);
    });
  });

  describe('pushes', () => {
    it("reach every open connection of the member and no other member's", async () => {
      const [alice, bob] = [uniqueId('live-push-a'), uniqueId('live-push-b')];
      const [phone, laptop, bobs] = await Promise.all([socketFor(alice), socketFor(alice), socketFor(bob)]);

      await push.toMember(subjectFor(alice), { type: 'unread-count', unreadCount: 3 });
      await push.toMember(subjectFor(bob), marker('for bob'));

      expect(await phone.next((f) => f.type === 'unread-count')).toEqual({ type: 'unread-count', unreadCount: 3 });
      expect(await laptop.next((f) => f.type === 'unread-count')).toEqual({ type: 'unread-count', unreadCount: 3 });
      // A socket receives in order: bob's first frame being his own marker proves alice's push never reached him.
      await bobs.next((f) => f.type === 'error');
      expect(bobs.frames).toEqual([marker('for bob')]);
    });

    it('forget a connection the Management API reports gone (410) and still reach the open ones', async () => {
      const user = uniqueId('live-gone');
      const memberId = subjectFor(user);
      const open = await socketFor(user);
      const stale = { connectionId: `gone-${user}`, memberId, groups: ['members', 'moderators'] as const, connectedAt: new Date().toISOString() };
      await connections.add({ ...stale, groups: [...stale.groups] });
      expect((await connections.ofGroup('moderators')).map((c) => c.connectionId)).toContain(stale.connectionId);

      const outcome = await push.send(await connections.ofMember(memberId), { type: 'unread-count', unreadCount: 1 });

      expect(outcome).toEqual({ sent: 1, gone: 1 });
      await open.next((f) => f.type === 'unread-count');
      const left = await connections.ofMember(memberId);
      expect(left).toHaveLength(1);
      expect(left.map((c) => c.connectionId)).not.toContain(stale.connectionId);
      expect((await connections.ofGroup('moderators')).map((c) => c.connectionId)).not.toContain(stale.connectionId);
    });
  });

  it('$disconnect forgets the connection under its member and its groups', async () => {
    const user = uniqueId('live-bye');
    const memberId = subjectFor(user);
    const socket = await socketFor(user, ['members', 'moderators']);
    const [kept] = await connections.ofMember(memberId);
    expect((await connections.ofGroup('moderators')).map((c) => c.connectionId)).toContain(kept!.connectionId);

    await socket.close();

    // $disconnect runs after the close, as in API Gateway: look until it has.
    const left = await pollUntil(
      () => connections.ofMember(memberId),
      (seen) => seen.length === 0,
      10_000,
    );
    expect(left).toEqual([]);
    expect((await connections.ofGroup('moderators')).map((c) => c.connectionId)).not.toContain(kept!.connectionId);
  });

  it('answers a ping with a pong and anything else with what the socket accepts', async () => {
    const socket = await socketFor(uniqueId('live-ping'));
    socket.ws.send(JSON.stringify({ action: 'ping' }));
    expect(await socket.next((f) => f.type === 'pong')).toMatchObject({ type: 'pong' });
    socket.ws.send('hello');
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ message: expect.stringContaining('{"action":"ping"}') });
  });

  it("pushes the moderation queue's counts to moderators when an item is held, and not to members", async () => {
    const moderator = await socketFor(uniqueId('live-mo'), ['moderators']);
    const bystanderName = uniqueId('live-member');
    const bystander = await socketFor(bystanderName);
    const { communityId, manager } = await openCommunity('live-held');
    expect((await manager.put(`/v1/communities/${communityId}/moderation-policy`, { mode: 'pre-moderation' })).status).toBe(200);
    const author = await member('live-author');
    const before = moderator.frames.length;

    const created = await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Held for review', body: 'Pre-moderated.' });
    expect(created.status).toBe(201);
    expect(created.body.status).not.toBe('published');

    const frame = await moderator.next((f) => f.type === 'moderation-queue', { after: before, timeoutMs: 15_000 });
    // Other tests move the queue too: this item is in it, held (low priority), so the counts hold at least it.
    expect(frame).toMatchObject({ type: 'moderation-queue', total: expect.any(Number), senior: expect.any(Number), at: expect.any(String) });
    expect(frame.type === 'moderation-queue' && frame.total >= 1 && (frame.byPriority.low ?? 0) >= 1).toBe(true);
    await push.toMember(subjectFor(bystanderName), marker('after the counts'));
    await bystander.next((f) => f.type === 'error');
    expect(bystander.frames.filter((f) => f.type === 'moderation-queue')).toEqual([]);
  }, 30_000);

  it('pushes a group frame once to a member in several of the groups (a senior moderator is also a moderator)', async () => {
    const seniorName = uniqueId('live-senior');
    const senior = await socketFor(seniorName, ['moderators', 'senior-moderators']);
    const text = `for moderators ${seniorName}`;

    await push.toGroups(['moderators', 'senior-moderators'], marker(text));
    await push.toMember(subjectFor(seniorName), marker('last'));

    await senior.next((f) => f.type === 'error' && f.message === 'last');
    expect(senior.frames.filter((f) => f.type === 'error' && f.message === text)).toHaveLength(1);
  });
  it("end to end: B comments on A's post -> A's open socket receives the notification and the new unread count, as the inbox has it", async () => {
    const { communityId } = await openCommunity('live-e2e');
    const aliceName = uniqueId('live-e2e-alice');
    const aliceToken = await tokenFor(aliceName, ['members']);
    const alice = api(aliceToken);
    const bob = await member('live-e2e-bob');
    const created = await alice.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Knife sharpening', body: 'What works for you?' });
    expect(created.status).toBe(201);
    const postId = created.body.postId as string;
    const socket = await openLive(aliceToken);
    const bobsSocket = await socketFor(bob.name);
    const before = (await alice.get('/v1/me/notifications/unread-count')).body.unreadCount as number;

    const comment = await bob.post(`/v1/posts/${postId}/comments`, { body: 'A whetstone, 1000 then 6000 grit.' });
    expect(comment.status).toBe(201);

    const frame = await socket.next((f) => f.type === 'notification', { timeoutMs: 20_000 });
    expect(frame).toMatchObject({
      type: 'notification',
      unreadCount: before + 1,
      notification: { type: 'comment.on-your-post', target: { postId, commentId: comment.body.commentId }, read: false },
    });
    const inbox = await alice.get('/v1/me/notifications');
    expect(inbox.body.items[0]).toEqual(frame.type === 'notification' ? frame.notification : undefined);
    expect((await alice.get('/v1/me/notifications/unread-count')).body).toEqual({ unreadCount: before + 1 });
    // The actor hears nothing of their own comment.
    await push.toMember(subjectFor(bob.name), marker('after the comment'));
    await bobsSocket.next((f) => f.type === 'error');
    expect(bobsSocket.frames.filter((f) => f.type === 'notification')).toEqual([]);
    opened.push(socket);
  }, 30_000);

  it("a read mark on one device reaches the member's other open socket as the new unread count, from the table's stream", async () => {
    const { communityId } = await openCommunity('live-read');
    const aliceName = uniqueId('live-read-alice');
    const alice = api(await tokenFor(aliceName, ['members']));
    const bob = await member('live-read-bob');
    const created = await alice.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Dutch ovens', body: 'Enamel or bare?' });
    expect(created.status).toBe(201);
    const laptop = await socketFor(aliceName);
    expect((await bob.post(`/v1/posts/${created.body.postId}/comments`, { body: 'Bare, seasoned.' })).status).toBe(201);
    const arrived = await laptop.next((f) => f.type === 'notification', { timeoutMs: 20_000 });
    const notificationId = arrived.type === 'notification' ? (arrived.notification.notificationId as string) : '';

    const read = await alice.post('/v1/me/notifications/read', { ids: [notificationId] });

    expect(read.status).toBe(200);
    expect(read.body).toEqual({ marked: 1, unreadCount: arrived.type === 'notification' ? arrived.unreadCount - 1 : -1 });
    const frame = await laptop.next((f) => f.type === 'unread-count', { timeoutMs: 20_000 });
    expect(frame).toEqual({ type: 'unread-count', unreadCount: read.body.unreadCount });
    // Marking it read again changes nothing: no count went down, so nothing more is pushed.
    expect((await alice.post('/v1/me/notifications/read', { ids: [notificationId] })).body).toMatchObject({ marked: 0 });
    await push.toMember(subjectFor(aliceName), marker('after the second mark'));
    await laptop.next((f) => f.type === 'error' && f.message === 'after the second mark');
    expect(laptop.frames.filter((f) => f.type === 'unread-count')).toHaveLength(1);
  }, 40_000);
});
