import { LIVE_SUBPROTOCOL, answerTo, connectionOf, identityOf, tokenOfHandshake } from '../../../lambdas/live/sockets';
import { queueCountsFrame } from '../../../lambdas/live/queue-counts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln';

describe('the token of a handshake', () => {
  test('is the subprotocol that is a JWT, and the answer is the live subprotocol the client offered next to it', () => {
    expect(tokenOfHandshake({ headers: { 'Sec-WebSocket-Protocol': `${LIVE_SUBPROTOCOL}, ${JWT}` } })).toEqual({ token: JWT, subprotocol: LIVE_SUBPROTOCOL });
  });

  test('never mistakes the protocol name (three dot-separated words) for a token', () => {
    expect(tokenOfHandshake({ headers: { 'sec-websocket-protocol': LIVE_SUBPROTOCOL } })).toEqual({ token: undefined, subprotocol: LIVE_SUBPROTOCOL });
  });

  test('is the token query parameter when no subprotocol carries one, with no subprotocol to answer', () => {
    expect(tokenOfHandshake({ headers: {}, queryStringParameters: { token: JWT } })).toEqual({ token: JWT, subprotocol: undefined });
  });

  test('is absent for a blank query parameter and no headers', () => {
    expect(tokenOfHandshake({ headers: null, queryStringParameters: { token: ' ' } }).token).toBeUndefined();
  });
});

describe('a socket as kept', () => {
  test("is read back from the authorizer's string context, keeping only known groups", () => {
    const identity = identityOf({ memberId: 'm1', username: 'mo', groups: new Set(['members', 'moderators'] as const) });
    expect(identity).toEqual({ memberId: 'm1', username: 'mo', groups: 'members,moderators' });
    expect(connectionOf('c1', { ...identity, groups: `${identity.groups},root` }, new Date('2026-11-30T10:00:00Z'))).toEqual({
      connectionId: 'c1',
      memberId: 'm1',
      groups: ['members', 'moderators'],
      connectedAt: '2026-11-30T10:00:00.000Z',
    });
  });

  test('cannot be made without an authorizer context naming the member', () => {
    expect(() => connectionOf('c1', undefined, new Date())).toThrow('carries no authorizer context with a memberId');
  });
});

describe('answers to what a client sends', () => {
  const now = new Date('2026-11-30T10:00:00Z');
  test('a ping is answered with a pong at the time', () => {
    expect(answerTo('{"action":"ping"}', now)).toEqual({ type: 'pong', at: '2026-11-30T10:00:00.000Z' });
  });
  test.each(['hello', '{"action":"subscribe"}', '', 'null'])('anything else (%j) is answered with what the socket accepts', (body) => {
    expect(answerTo(body, now)).toMatchObject({ type: 'error', message: expect.stringContaining('{"action":"ping"}') });
  });
});

test("the queue's counts frame reads the backlog counters: total, senior and open items by priority", () => {
  const at = new Date('2026-11-30T10:00:00Z');
  expect(queueCountsFrame({ total: 5, senior: 1, 'priority:high': 2, 'priority:low': 3, 'priority:medium': 0, 'community:x': 5 }, at)).toEqual({
    type: 'moderation-queue',
    total: 5,
    senior: 1,
    byPriority: { high: 2, low: 3 },
    at: '2026-11-30T10:00:00.000Z',
  });
  expect(queueCountsFrame({}, at)).toMatchObject({ total: 0, senior: 0, byPriority: {} });
});
