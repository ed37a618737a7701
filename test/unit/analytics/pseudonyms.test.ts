import type { EventEnvelope } from '../../../lambdas/analytics/envelope';
import { pseudonymise, pseudonymOf } from '../../../lambdas/analytics/pseudonyms';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const event = (id: string, actor: string | null, data: Record<string, unknown> = {}): EventEnvelope => ({
  event_id: id,
  event_type: 'post.created',
  schema_version: 1,
  occurred_at: '2026-11-23T12:00:00.000Z',
  received_at: '2026-11-23T12:00:01.000Z',
  actor_id: actor,
  community_id: 'c1',
  post_id: null,
  product_ids: [],
  data,
});

describe('lake pseudonyms', () => {
  it('gives one member the same pseudonym on every event, another member another one, and a member without a key none', async () => {
    const keys = {
      keysOf: async () =>
        new Map([
          ['alice', KEY_A],
          ['bob', KEY_B],
        ]),
    };
    const [a1, a2, b, gone] = await pseudonymise(keys, [event('1', 'alice'), event('2', 'alice'), event('3', 'bob'), event('4', 'erased')]);
    expect(a1!.actor_id).toBe(pseudonymOf('alice', KEY_A));
    expect(a2!.actor_id).toBe(a1!.actor_id);
    expect(b!.actor_id).not.toBe(a1!.actor_id);
    expect(a1!.actor_id).not.toContain('alice');
    expect(gone!.actor_id).toBeNull();
  });

  it('replaces the sanctioned member of a sanction event too, and reads each key once per batch', async () => {
    const asked: string[][] = [];
    const keys = {
      keysOf: async (ids: readonly string[]) => {
        asked.push([...ids]);
        return new Map([
          ['mo', KEY_A],
          ['alice', KEY_B],
        ]);
      },
    };
    const [sanctioned] = await pseudonymise(keys, [event('1', 'mo', { member_id: 'alice', kind: 'silence' }), event('2', 'mo')]);
    expect(sanctioned!.data).toEqual({ member_id: pseudonymOf('alice', KEY_B), kind: 'silence' });
    expect(asked).toEqual([['mo', 'alice']]);
  });
});
