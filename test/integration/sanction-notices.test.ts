/**
 * Sanction notices (issue 15): a sanction issued, lifted early, and its appeal decided each reach
 * the member's inbox through the notifier (the table's stream, the topic, the notifications queue),
 * with the kind, the end and the reason code; never the moderator who acted, never their note.
 */
import { type Member, member } from './support/fixtures';
import { pollUntil } from './support/poll';

interface Entry {
  readonly type: string;
  readonly summary: string;
  readonly reasonCode: string | null;
  readonly note: string | null;
  readonly sanction: { sanctionId: string; kind: string; until: string | null } | null;
}

const idOf = async (m: Member): Promise<string> => (await m.get('/v1/me')).body.memberId as string;

/** Waits until the member's inbox holds an entry of `type` about `sanctionId`. */
async function noticeOf(m: Member, type: string, sanctionId: string): Promise<Entry> {
  const find = (items: Entry[]) => items.find((e) => e.type === type && e.sanction?.sanctionId === sanctionId);
  const items = await pollUntil(
    async () => ((await m.get('/v1/me/notifications?limit=100')).body.items ?? []) as Entry[],
    (seen) => find(seen) !== undefined,
    60_000,
  );
  const entry = find(items);
  expect(entry).toBeDefined();
  return entry!;
}

describe('sanction notices', () => {
  it("tells the member of a warning and a silence in their inbox, with kind, end and reason, never the moderator or the moderators' note", async () => {
    // Prepare
    const [mo, ann] = await Promise.all([member('mo', ['moderators']), member('ann')]);
    const annId = await idOf(ann);
    const moId = await idOf(mo);

    // Act
    const warned = (await mo.post(`/v1/members/${annId}/sanctions`, { kind: 'warn', reasonCode: 'off-topic', note: 'secret-note-one' })).body;
    const silenced = (await mo.post(`/v1/members/${annId}/sanctions`, { kind: 'silence', reasonCode: 'spam', note: 'secret-note-two', durationDays: 3 })).body;

    // Assess: the warning is the notice itself; the silence says until when.
    const warning = await noticeOf(ann, 'member.sanctioned', warned.sanctionId);
    expect(warning).toMatchObject({ reasonCode: 'off-topic', note: null, sanction: { sanctionId: warned.sanctionId, kind: 'warn', until: null } });
    expect(warning.summary).toContain('warning');
    const silence = await noticeOf(ann, 'member.sanctioned', silenced.sanctionId);
    expect(silence).toMatchObject({ reasonCode: 'spam', note: null, sanction: { sanctionId: silenced.sanctionId, kind: 'silence', until: silenced.until } });
    expect(silence.summary).toContain(silenced.until);
    const inbox = JSON.stringify((await ann.get('/v1/me/notifications?limit=100')).body);
    for (const secret of [moId, mo.name, 'secret-note-one', 'secret-note-two']) expect(inbox).not.toContain(secret);
    // The moderator hears nothing of what they did.
    expect((await mo.get('/v1/me/notifications')).body.items).toEqual([]);
  }, 90_000);

  it('reaches a suspended member, who reads their own inbox, and tells them when a suspension is lifted early', async () => {
    const [mo, bea] = await Promise.all([member('mo', ['moderators']), member('bea')]);
    const beaId = await idOf(bea);

    const suspended = (await mo.post(`/v1/members/${beaId}/sanctions`, { kind: 'suspend', reasonCode: 'abuse', durationDays: 7 })).body;
    const notice = await noticeOf(bea, 'member.sanctioned', suspended.sanctionId);
    expect(notice).toMatchObject({ reasonCode: 'abuse', sanction: { kind: 'suspend', until: suspended.until } });
    expect((await bea.get('/v1/me/notifications/unread-count')).status).toBe(200);
    expect((await mo.delete(`/v1/members/${beaId}/sanctions/${suspended.sanctionId}`)).status).toBe(200);

    const lifted = await noticeOf(bea, 'member.sanction-lifted', suspended.sanctionId);
    expect(lifted.summary).toBe('Your suspension was lifted early');
  }, 90_000);

  it('tells the member the outcome of their appeal: upheld, or lifted', async () => {
    const [mo, other, cy] = await Promise.all([member('mo', ['moderators']), member('mo2', ['moderators']), member('cy')]);
    const cyId = await idOf(cy);
    const kept = (await mo.post(`/v1/members/${cyId}/sanctions`, { kind: 'silence', reasonCode: 'spam', durationDays: 2 })).body;
    const ended = (await mo.post(`/v1/members/${cyId}/sanctions`, { kind: 'warn', reasonCode: 'other' })).body;
    expect((await cy.post(`/v1/me/sanctions/${kept.sanctionId}/appeal`, { text: 'It was not spam' })).status).toBe(201);
    expect((await cy.post(`/v1/me/sanctions/${ended.sanctionId}/appeal`, { text: 'I did nothing' })).status).toBe(201);

    expect((await other.post(`/v1/members/${cyId}/sanctions/${kept.sanctionId}/appeal-decision`, { outcome: 'uphold', note: 'mod-only' })).status).toBe(200);
    expect((await other.post(`/v1/members/${cyId}/sanctions/${ended.sanctionId}/appeal-decision`, { outcome: 'lift' })).status).toBe(200);

    const upheld = await noticeOf(cy, 'member.appeal-decided', kept.sanctionId);
    expect(upheld).toMatchObject({ reasonCode: 'spam', note: null, sanction: { kind: 'silence', until: kept.until } });
    expect(upheld.summary).toContain('stands');
    const accepted = await noticeOf(cy, 'member.sanction-lifted', ended.sanctionId);
    expect(accepted.summary).toBe('Your appeal was accepted: your warning is lifted');
    expect(JSON.stringify(upheld)).not.toContain('mod-only');
  }, 90_000);
});
