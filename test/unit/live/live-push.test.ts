import type { Group } from '../../../lambdas/domain/caller';
import { ConnectionsLivePush, LivePushFailedError } from '../../../lambdas/live/live-push';
import type { ConnectionStore, FrameSender, LiveConnection, LiveFrame } from '../../../lambdas/live/ports';

const connection = (connectionId: string, memberId: string, groups: Group[] = ['members']): LiveConnection => ({
  connectionId,
  memberId,
  groups,
  connectedAt: '2026-11-30T10:00:00.000Z',
});

/** The ports as plain data: sockets kept in a list, sends answered from a map of outcomes. */
function world(kept: LiveConnection[], outcomes: Record<string, 'sent' | 'gone' | Error> = {}) {
  const sent: [string, LiveFrame][] = [];
  const connections: ConnectionStore = {
    add: async (c) => void kept.push(c),
    remove: async (c) =>
      void kept.splice(
        kept.findIndex((k) => k.connectionId === c.connectionId),
        1,
      ),
    ofMember: async (memberId) => kept.filter((c) => c.memberId === memberId),
    ofGroup: async (group) => kept.filter((c) => c.groups.includes(group)),
  };
  const sender: FrameSender = {
    send: async (connectionId, frame) => {
      const outcome = outcomes[connectionId] ?? 'sent';
      if (outcome instanceof Error) throw outcome;
      if (outcome === 'sent') sent.push([connectionId, frame]);
      return outcome;
    },
  };
  return { push: new ConnectionsLivePush({ connections, sender }), sent, kept };
}

const frame: LiveFrame = { type: 'unread-count', unreadCount: 2 };

test("a push to a member reaches each of the member's sockets and no one else's", async () => {
  const { push, sent } = world([connection('a1', 'ann'), connection('a2', 'ann'), connection('b1', 'bob')]);
  await push.toMember('ann', frame);
  expect(sent.map(([id]) => id).sort()).toEqual(['a1', 'a2']);
});

test('a socket found gone is forgotten and the others are still reached', async () => {
  const { push, sent, kept } = world([connection('a1', 'ann'), connection('a2', 'ann')], { a1: 'gone' });
  expect(await push.send(kept.slice(), frame)).toEqual({ sent: 1, gone: 1 });
  expect(sent.map(([id]) => id)).toEqual(['a2']);
  expect(kept.map((c) => c.connectionId)).toEqual(['a2']);
});

test('a socket that fails for another reason is kept, the rest reached, and the push rejects saying so', async () => {
  const { push, sent, kept } = world([connection('a1', 'ann'), connection('a2', 'ann')], { a1: new Error('throttled') });
  const failure = push.toMember('ann', frame);
  await expect(failure).rejects.toBeInstanceOf(LivePushFailedError);
  await expect(failure).rejects.toThrow('1 socket(s) could not be reached (sent 1, gone 0): Error: throttled');
  expect(sent.map(([id]) => id)).toEqual(['a2']);
  expect(kept).toHaveLength(2);
});

test('a push to several groups reaches a member in more than one of them once', async () => {
  const { push, sent } = world([connection('s1', 'sue', ['moderators', 'senior-moderators']), connection('m1', 'mo', ['moderators']), connection('a1', 'ann')]);
  expect(await push.toGroups(['moderators', 'senior-moderators'], frame)).toEqual({ sent: 2, gone: 0 });
  expect(sent.map(([id]) => id).sort()).toEqual(['m1', 's1']);
});
