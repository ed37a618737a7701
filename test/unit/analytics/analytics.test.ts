/** The analytics use cases without a network: stream → events mapping, client event verdicts, archiving with a failing lake. */
import { archiveBatch, eventsObjectKey } from '../../../lambdas/analytics/archive';
import { DOMAIN_EVENTS, toDomainEvent, type TableChange } from '../../../lambdas/analytics/domain-events';
import { SCHEMA_VERSION } from '../../../lambdas/analytics/envelope';
import type { LakeStore, OutgoingMessage, PostDirectory, PostFacts } from '../../../lambdas/analytics/ports';
import { recordClientEvents } from '../../../lambdas/analytics/client-events';
import { publishChanges } from '../../../lambdas/analytics/publish';

const now = new Date('2026-11-23T10:00:00.000Z');
const clock = () => now;
const post = {
  pk: 'POST#P1',
  sk: 'POST',
  type: 'post',
  postId: 'P1',
  communityId: 'c1',
  kind: 'review',
  title: 'My title',
  body: 'Call me at mail@example.com',
  tags: ['mine'],
  authorId: 'sub-1',
  authorName: 'Alice Example',
  productIds: ['SKU-1'],
  rating: 2,
  status: 'published',
  version: 1,
  createdAt: '2026-11-23T09:00:00.000Z',
};
const change = (c: Partial<TableChange>): TableChange => ({ eventId: 'rec-1', change: 'INSERT', committedAt: now, ...c });

describe('stream → domain events', () => {
  test("a brand reply's writes become posted, edited and withdrawn by the staff member who wrote them, never its text; an erasure's rewrite is none", () => {
    const reply = {
      pk: 'POST#P1',
      sk: 'BRANDREPLY',
      type: 'brand-reply',
      postId: 'P1',
      communityId: 'c1',
      body: 'Sorry to read this: we are sending a replacement.',
      responderTeam: 'customer-care',
      responderRole: 'retail-staff',
      createdAt: '2026-11-23T09:30:00.000Z',
      updatedAt: '2026-11-23T09:30:00.000Z',
      editedBy: 'staff-1',
      version: 1,
      withdrawn: false,
    };
    const edited = { ...reply, body: 'Replacement on its way.', editedBy: 'staff-2', version: 2, updatedAt: '2026-11-23T09:40:00.000Z' };
    const withdrawn = { ...edited, body: '', withdrawn: true, version: 3, editedBy: 'staff-1', updatedAt: '2026-11-23T09:50:00.000Z' };
    const posted = toDomainEvent(change({ newImage: reply }), now)!;
    const edit = toDomainEvent(change({ change: 'MODIFY', oldImage: reply, newImage: edited }), now)!;
    const withdrawal = toDomainEvent(change({ change: 'MODIFY', oldImage: edited, newImage: withdrawn }), now)!;
    const again = toDomainEvent(change({ change: 'MODIFY', oldImage: withdrawn, newImage: { ...reply, version: 4 } }), now)!;

    expect(posted).toMatchObject({
      event_type: 'brand-reply.posted',
      actor_id: 'staff-1',
      community_id: 'c1',
      post_id: 'P1',
      occurred_at: '2026-11-23T09:30:00.000Z',
      data: { version: 1, responder_role: 'retail-staff', responder_team: 'customer-care' },
    });
    expect(edit).toMatchObject({ event_type: 'brand-reply.edited', actor_id: 'staff-2', data: { version: 2 } });
    expect(withdrawal).toMatchObject({ event_type: 'brand-reply.withdrawn', actor_id: 'staff-1', occurred_at: '2026-11-23T09:50:00.000Z' });
    expect(again.event_type).toBe('brand-reply.posted');
    expect(JSON.stringify([posted, edit, withdrawal])).not.toContain('Replacement');
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: edited, newImage: { ...edited, editedBy: 'former-member' } }), now)).toBeUndefined();
  });

  test('a created post becomes post.created with ids, kind and rating, and none of its text or its author name', () => {
    const event = toDomainEvent(change({ newImage: post }), now)!;
    expect(event).toMatchObject({
      event_id: 'rec-1',
      event_type: 'post.created',
      schema_version: SCHEMA_VERSION,
      actor_id: 'sub-1',
      community_id: 'c1',
      post_id: 'P1',
      product_ids: ['SKU-1'],
      occurred_at: post.createdAt,
    });
    expect(JSON.stringify(event)).not.toMatch(/My title|mail@example|Alice|mine/);
  });

  test('counter updates, rate windows, revisions and product links produce no event', () => {
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: post, newImage: { ...post, commentCount: 1 } }), now)).toBeUndefined();
    for (const type of ['rate-window', 'post-revision', 'product-link', 'product-summary', undefined]) {
      expect(toDomainEvent(change({ newImage: { pk: 'RATE#x', sk: 'WINDOW#1', ...(type ? { type } : {}) } }), now)).toBeUndefined();
    }
  });

  test('edits, deletions, idea statuses and reaction removals map by item type', () => {
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: post, newImage: { ...post, body: 'x', version: 2 } }), now)).toMatchObject({
      event_type: 'post.edited',
      data: { changed_fields: ['body'] },
    });
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: post, newImage: { ...post, status: 'deleted', version: 2 } }), now)).toMatchObject({
      event_type: 'post.deleted',
      actor_id: null,
    });
    expect(
      toDomainEvent(change({ change: 'MODIFY', oldImage: { ...post, ideaStatus: 'open' }, newImage: { ...post, ideaStatus: 'planned', version: 2 } }), now),
    ).toMatchObject({ event_type: 'idea.status-changed', data: { from: 'open', to: 'planned' } });
    expect(toDomainEvent(change({ change: 'REMOVE', oldImage: { type: 'reaction', postId: 'P1', memberId: 'sub-2', reaction: 'like' } }), now)).toMatchObject({
      event_type: 'reaction.removed',
      actor_id: 'sub-2',
    });
    expect(Object.keys(DOMAIN_EVENTS).sort()).toEqual([
      'brand-reply',
      'comment',
      'community',
      'desk-item',
      'idea-assignment',
      'idea-merge-job',
      'idea-vote',
      'member-in-community',
      'moderation-audit',
      'post',
      'reaction',
      'report',
      'sanction',
    ]);
    // A sanction issued and lifted: the inbox's notices (the moderator acts, the member is data.member_id; never the note).
    const sanction = {
      type: 'sanction',
      sanctionId: 's1',
      memberId: 'sub-4',
      kind: 'silence',
      reasonCode: 'spam',
      note: 'secret',
      until: '2026-12-01T00:00:00.000Z',
      issuedBy: 'mo',
      createdAt: '2026-11-23T12:00:00.000Z',
      lifted: null,
    };
    const issued = toDomainEvent(change({ newImage: sanction }), now);
    expect(issued).toMatchObject({
      event_type: 'member.sanctioned',
      actor_id: 'mo',
      data: { member_id: 'sub-4', kind: 'silence', reason: 'spam', until: sanction.until },
    });
    expect(JSON.stringify(issued)).not.toContain('secret');
    const lifted = { ...sanction, lifted: { at: '2026-11-24T00:00:00.000Z', by: 'mo2', note: null } };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: sanction, newImage: lifted }), now)).toMatchObject({
      event_type: 'member.sanction-lifted',
      actor_id: 'mo2',
      occurred_at: '2026-11-24T00:00:00.000Z',
    });
    const membership = { type: 'member-in-community', memberId: 'sub-3', communityId: 'c1', postCount: 1 };
    expect(toDomainEvent(change({ newImage: membership }), now)).toMatchObject({ event_type: 'member.joined', actor_id: 'sub-3', community_id: 'c1' });
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: membership, newImage: { ...membership, postCount: 2 } }), now)).toBeUndefined();
  });

  test('reports and moderation decisions become events without the reporter or any text', () => {
    const report = {
      type: 'report',
      itemId: 'post-P1',
      memberId: 'sub-reporter',
      reasonCode: 'spam',
      text: 'buy cheap at example.com',
      at: '2026-11-23T09:30:00.000Z',
    };
    const filed = toDomainEvent(change({ newImage: report }), now)!;
    expect(filed).toMatchObject({ event_type: 'report.filed', actor_id: null, post_id: 'P1', data: { target: 'post', reason: 'spam' } });
    expect(JSON.stringify(filed)).not.toMatch(/sub-reporter|cheap/);

    const audit = {
      type: 'moderation-audit',
      itemId: 'comment-C1',
      actorId: 'sub-mod',
      action: 'reject',
      reasonCode: 'abuse',
      note: 'nasty words here',
      statusBefore: 'pending',
      statusAfter: 'rejected',
      waitedSeconds: 90,
      at: '2026-11-23T09:40:00.000Z',
    };
    const decided = toDomainEvent(change({ newImage: audit }), now)!;
    expect(decided).toMatchObject({
      event_type: 'moderation.decided',
      actor_id: 'sub-mod',
      post_id: null,
      data: { target: 'comment', comment_id: 'C1', outcome: 'reject', reason: 'abuse', waited_seconds: 90 },
    });
    expect(JSON.stringify(decided)).not.toMatch(/nasty/);
    expect(toDomainEvent(change({ newImage: { ...audit, action: 'claim', postId: 'P1', communityId: 'c1' } }), now)).toMatchObject({
      event_type: 'moderation.claimed',
      actor_id: 'sub-mod',
      post_id: 'P1',
      community_id: 'c1',
    });
    expect(toDomainEvent(change({ newImage: { ...audit, action: 'release-lease' } }), now)).toMatchObject({ event_type: 'moderation.released' });
    expect(toDomainEvent(change({ newImage: { ...audit, action: 'lease-expired' } }), now)).toMatchObject({ event_type: 'moderation.lease-expired' });
    expect(toDomainEvent(change({ newImage: { ...audit, action: 'extend-lease' } }), now)).toMatchObject({ event_type: 'moderation.lease-extended' });
    expect(toDomainEvent(change({ newImage: { ...audit, action: 'toString' } }), now)).toBeUndefined();
  });

  test("every post event carries the post's status, kind, rating and version; status changes are their own events, with who made them", () => {
    const held = { ...post, status: 'held', moderation: { reasonCode: 'spam', rule: 'blocked-term:secretword' } };
    expect(toDomainEvent(change({ newImage: held }), now)).toMatchObject({
      event_type: 'post.created',
      actor_id: 'sub-1',
      data: { status: 'held', kind: 'review', rating: 2, version: 1, reason: 'spam' },
    });
    const approved = { ...post, version: 2, updatedAt: '2026-11-23T09:10:00.000Z', changedBy: 'sub-mod' };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: held, newImage: approved }), now)).toMatchObject({
      event_type: 'post.published',
      actor_id: 'sub-mod',
      occurred_at: approved.updatedAt,
      data: { status: 'published', status_before: 'held', version: 2, rating: 2 },
    });
    const rejected = { ...held, status: 'rejected', version: 2, changedBy: 'sub-mod' };
    const reject = toDomainEvent(change({ change: 'MODIFY', oldImage: held, newImage: rejected }), now)!;
    expect(reject).toMatchObject({ event_type: 'post.unpublished', actor_id: 'sub-mod', data: { status: 'rejected', status_before: 'held' } });
    expect(JSON.stringify(reject)).not.toMatch(/secretword/);
    const hidden = { ...post, status: 'held', version: 2 };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: post, newImage: hidden }), now)).toMatchObject({
      event_type: 'post.unpublished',
      actor_id: null,
    });
    const rerated = { ...post, rating: 5, version: 2, changedBy: 'sub-1' };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: post, newImage: rerated }), now)).toMatchObject({
      event_type: 'post.edited',
      product_ids: ['SKU-1'],
      data: { rating: 5, status: 'published', changed_fields: ['rating'] },
    });
    const deleted = { ...post, status: 'deleted', version: 2, deletedAt: '2026-11-23T09:20:00.000Z', changedBy: 'sub-mod' };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: post, newImage: deleted }), now)).toMatchObject({
      event_type: 'post.deleted',
      actor_id: 'sub-mod',
      occurred_at: deleted.deletedAt,
      data: { status: 'deleted', rating: 2 },
    });
  });

  test('comment and reaction events name the community and products carried on their items; times come from the items', () => {
    const comment = {
      type: 'comment',
      postId: 'P1',
      commentId: 'C1',
      depth: 0,
      authorId: 'sub-2',
      status: 'published',
      deleted: false,
      communityId: 'c1',
      productIds: ['SKU-1'],
      createdAt: '2026-11-23T09:00:00.000Z',
    };
    expect(toDomainEvent(change({ newImage: comment }), now)).toMatchObject({
      event_type: 'comment.created',
      community_id: 'c1',
      product_ids: ['SKU-1'],
      data: { status: 'published' },
    });
    expect(
      toDomainEvent(
        change({ change: 'MODIFY', oldImage: comment, newImage: { ...comment, deleted: true, deletedAt: '2026-11-23T09:05:00.000Z', deletedBy: 'sub-mod' } }),
        now,
      ),
    ).toMatchObject({ event_type: 'comment.deleted', actor_id: 'sub-mod', community_id: 'c1', occurred_at: '2026-11-23T09:05:00.000Z' });
    expect(
      toDomainEvent(change({ change: 'MODIFY', oldImage: comment, newImage: { ...comment, status: 'held', changedAt: '2026-11-23T09:06:00.000Z' } }), now),
    ).toMatchObject({ event_type: 'comment.unpublished', actor_id: null, data: { status: 'held', status_before: 'published' } });
    const reaction = {
      type: 'reaction',
      postId: 'P1',
      memberId: 'sub-2',
      reaction: 'like',
      communityId: 'c1',
      productIds: ['SKU-1'],
      createdAt: '2026-11-23T09:59:30.000Z',
    };
    expect(toDomainEvent(change({ newImage: reaction }), now)).toMatchObject({ event_type: 'reaction.added', community_id: 'c1', product_ids: ['SKU-1'] });
    // A reaction deleted outright (before tombstones): DynamoDB Local dates its record to the minute (09:59:00), never before its own add.
    const removed = toDomainEvent(change({ change: 'REMOVE', oldImage: reaction, committedAt: new Date('2026-11-23T09:59:00.000Z') }), now)!;
    expect(removed).toMatchObject({ event_type: 'reaction.removed', community_id: 'c1', occurred_at: reaction.createdAt });
    // Taken back: the tombstone's time; put back: added again; the tombstone's expiry: nothing.
    const tombstone = { ...reaction, removedAt: '2026-11-23T09:59:45.000Z', expiresAt: 1 };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: reaction, newImage: tombstone }), now)).toMatchObject({
      event_type: 'reaction.removed',
      occurred_at: tombstone.removedAt,
      community_id: 'c1',
      product_ids: ['SKU-1'],
    });
    const again = { ...reaction, createdAt: '2026-11-23T09:59:50.000Z' };
    expect(toDomainEvent(change({ change: 'MODIFY', oldImage: tombstone, newImage: again }), now)).toMatchObject({
      event_type: 'reaction.added',
      occurred_at: again.createdAt,
    });
    expect(toDomainEvent(change({ change: 'REMOVE', oldImage: tombstone }), now)).toBeUndefined();
    const joined = { type: 'member-in-community', memberId: 'sub-3', communityId: 'c1', postCount: 1, joinedAt: '2026-11-23T09:59:31.000Z' };
    expect(toDomainEvent(change({ newImage: joined, committedAt: new Date('2026-11-23T09:59:00.000Z') }), now)).toMatchObject({ occurred_at: joined.joinedAt });
    const report = {
      type: 'report',
      itemId: 'comment-C1',
      postId: 'P1',
      communityId: 'c1',
      memberId: 'sub-9',
      reasonCode: 'spam',
      text: null,
      at: now.toISOString(),
    };
    expect(toDomainEvent(change({ newImage: report }), now)).toMatchObject({
      event_type: 'report.filed',
      post_id: 'P1',
      community_id: 'c1',
      data: { comment_id: 'C1' },
    });
  });

  test('a redelivered stream record keeps its event id, and a queue failure points at the first unpublished change', async () => {
    const sent: OutgoingMessage[] = [];
    const queue = {
      send: async (m: readonly OutgoingMessage[]) => {
        sent.push(...m);
        return m.filter((x) => x.id === 'rec-3').map((x) => x.id);
      },
    };
    const failedAt = await publishChanges({ queue, clock }, [
      change({ eventId: 'rec-1', newImage: post }),
      change({ eventId: 'rec-2', newImage: { type: 'rate-window' } }),
      change({ eventId: 'rec-3', newImage: post }),
    ]);
    expect(failedAt).toBe(2);
    expect(sent.map((m) => m.id)).toEqual(['rec-1', 'rec-3']);
  });
});

/** A post directory over fixed posts, counting its reads. */
function postsOf(facts: readonly PostFacts[], unread: readonly string[] = []): PostDirectory & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    factsOf: async (ids) => {
      calls.push([...ids]);
      return { found: facts.filter((f) => ids.includes(f.postId) && !unread.includes(f.postId)), unread: ids.filter((id) => unread.includes(id)) };
    },
  };
}

describe('POST /v1/events verdicts', () => {
  test('each event is judged alone; the actor is the caller; rejected events are queued as rejected, never as events', async () => {
    const sent: OutgoingMessage[] = [];
    const queue = {
      send: async (m: readonly OutgoingMessage[]) => {
        sent.push(...m);
        return [];
      },
    };
    const caller = { memberId: 'sub-9', username: 'bob', groups: new Set(['members']) } as never;
    const good = { eventId: '01JD6V8Z6M2M7Q3B8J2K4N5P6R', type: 'post.viewed', occurredAt: now.toISOString(), postId: '01JD6V8Z6M2M7Q3B8J2K4N5P6R' };
    const posts = postsOf([{ postId: good.postId, communityId: 'cm1', status: 'published', productIds: [] }]);
    const result = await recordClientEvents({ queue, clock, posts }, caller, [
      good,
      { ...good, eventId: 'nope' },
      { ...good, occurredAt: '2030-01-01T00:00:00Z' },
    ]);
    expect(result.results.map((r) => r.accepted)).toEqual([true, false, false]);
    expect(result.results[1]!.reason).toMatch(/eventId must be a UUID or a ULID/);
    expect(result.results[2]!.reason).toMatch(/in the future/);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ event_type: 'post.viewed', actor_id: 'sub-9', event_id: good.eventId });
    expect(sent.slice(1).map((m) => Object.keys(JSON.parse(m.body)))).toEqual([['rejected'], ['rejected']]);
  });
});

/** A queue that takes every message and keeps it for the test to read. */
function recordingQueue() {
  const sent: OutgoingMessage[] = [];
  const queue = {
    send: async (messages: readonly OutgoingMessage[]): Promise<string[]> => {
      sent.push(...messages);
      return [];
    },
  };
  return { sent, queue };
}

describe('POST /v1/events: checks against the posts named', () => {
  const caller = { memberId: 'sub-9', username: 'bob', groups: new Set(['members']) } as never;
  const ids = {
    published: '01JD6V8Z6M2M7Q3B8J2K4N5P60',
    held: '01JD6V8Z6M2M7Q3B8J2K4N5P61',
    unknown: '01JD6V8Z6M2M7Q3B8J2K4N5P62',
    unread: '01JD6V8Z6M2M7Q3B8J2K4N5P63',
  };
  const facts: PostFacts[] = [
    { postId: ids.published, communityId: 'cm1', status: 'published', productIds: ['SKU-1', 'SKU-2'] },
    { postId: ids.held, communityId: 'cm1', status: 'held', productIds: [] },
    { postId: ids.unread, communityId: 'cm1', status: 'published', productIds: [] },
  ];
  let n = 0;
  const view = (postId: string, extra: object = {}) => ({
    eventId: `01JD6V8Z6M2M7Q3B8J2K4N5Q${String(n++).padStart(2, '0')}`,
    type: 'post.viewed',
    occurredAt: now.toISOString(),
    postId,
    ...extra,
  });
  const click = (postId: string, productId: string) => ({ ...view(postId), type: 'product-link.clicked', productId });

  test('one read of the distinct posts named; each event that does not fit its post is rejected with its reason; accepted ones take community and products from the post', async () => {
    const { sent, queue } = recordingQueue();
    const posts = postsOf(facts, [ids.unread]);
    const events = [
      view(ids.published),
      click(ids.published, 'SKU-2'),
      view(ids.held),
      view(ids.unknown),
      view(ids.published, { communityId: 'cm2' }),
      click(ids.published, 'SKU-9'),
      view(ids.unread),
      { eventId: '01JD6V8Z6M2M7Q3B8J2K4N5Q99', type: 'search.performed', occurredAt: now.toISOString(), queryLength: 3, resultCount: 1 },
    ];

    const result = await recordClientEvents({ queue, clock, posts }, caller, events);

    expect(posts.calls).toEqual([[ids.published, ids.held, ids.unknown, ids.unread]]);
    expect(result.results.map((r) => r.reason ?? 'accepted')).toEqual([
      'accepted',
      'accepted',
      `postId ${ids.held} names no published post`,
      `postId ${ids.unknown} names no published post`,
      `communityId cm2 is not the community of post ${ids.published} (cm1)`,
      `productId SKU-9 is not linked by post ${ids.published}`,
      'not checked (temporary failure reading its post): send it again with the same eventId',
      'accepted',
    ]);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ community_id: 'cm1', product_ids: ['SKU-1', 'SKU-2'] });
    expect(JSON.parse(sent[1]!.body)).toMatchObject({ community_id: 'cm1', product_ids: ['SKU-2'] });
  });

  test('a batch that names no post reads nothing', async () => {
    const posts = postsOf(facts);
    const queue = { send: async () => [] };
    const search = { eventId: '01JD6V8Z6M2M7Q3B8J2K4N5Q98', type: 'search.performed', occurredAt: now.toISOString(), queryLength: 3, resultCount: 1 };
    expect((await recordClientEvents({ queue, clock, posts }, caller, [search])).results[0]!.accepted).toBe(true);
    expect(posts.calls).toEqual([]);
  });

  test('a rejected event is queued as its reason and ids only: no free-text value, no free-text field name', async () => {
    const { sent, queue } = recordingQueue();
    const withQuery = { ...view(ids.published), type: 'search.performed', queryLength: 3, resultCount: 1, query: 'tents for Jane Doe' };
    const withFreeKey = { ...view(ids.published), 'Jane Doe lives here': 1 };
    const result = await recordClientEvents({ queue, clock, posts: postsOf(facts) }, caller, [withQuery, withFreeKey]);

    expect(result.results.map((r) => r.reason)).toEqual([
      expect.stringContaining('unrecognized field'),
      'unrecognized field (a field whose name is not a plain name)',
    ]);
    const bodies = sent.map((m) => m.body).join('\n');
    expect(bodies).not.toContain('Jane Doe');
    expect(JSON.parse(sent[0]!.body)).toEqual({
      rejected: {
        reason: expect.any(String),
        source: 'POST /v1/events',
        received_at: now.toISOString(),
        event: { index: 0, event_id: withQuery.eventId, type: 'search.performed', post_id: ids.published, community_id: null, product_id: null },
      },
    });
  });

  test('an event past the depth or size bound is rejected alone, before anything recursive reads it', async () => {
    const { sent, queue } = recordingQueue();
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const events = [view(ids.published, { extra: deep }), view(ids.published, { pad: 'x'.repeat(4096) }), view(ids.published)];

    const result = await recordClientEvents({ queue, clock, posts: postsOf(facts) }, caller, events);

    expect(result.results.map((r) => r.reason ?? 'accepted')).toEqual([
      'the event nests deeper than 4 levels of objects and arrays; a valid event is one flat object',
      'the event is larger than 4096 characters as JSON; a valid event is one flat object',
      'accepted',
    ]);
    expect(sent).toHaveLength(3);
  });
});

describe('archiving', () => {
  const envelope = (id: string, type = 'post.viewed') =>
    JSON.stringify({
      event_id: id,
      event_type: type,
      schema_version: 1,
      occurred_at: now.toISOString(),
      received_at: now.toISOString(),
      actor_id: 'a',
      community_id: null,
      post_id: null,
      product_ids: [],
      data: {},
    });

  test("a failed write fails only its group's messages; a redelivered batch writes the same key; bad messages go to bad/", async () => {
    const keys: string[] = [];
    const lake: LakeStore = {
      put: async (key) => {
        if (key.includes('feed.scrolled')) throw new Error('S3 down');
        keys.push(key);
      },
    };
    const messages = [
      { messageId: 'm1', body: envelope('e1') },
      { messageId: 'm2', body: envelope('e2') },
      { messageId: 'm3', body: envelope('e3', 'feed.scrolled') },
      { messageId: 'm4', body: 'not json' },
      { messageId: 'm5', body: envelope('e1') },
    ];
    const first = await archiveBatch({ lake, clock }, messages);
    const again = await archiveBatch({ lake, clock }, messages);
    expect(first.failedMessageIds).toEqual(['m3']);
    expect(first.objects.map((o) => [o.key, o.events])).toEqual([
      [eventsObjectKey('post.viewed', '2026-11-23', ['e1', 'e2']), 2],
      [expect.stringMatching(/^bad\/dt=2026-11-23\/[0-9a-f]{32}\.jsonl$/), 1],
    ]);
    expect(again.objects.map((o) => o.key)).toEqual(first.objects.map((o) => o.key));
    expect(keys.every((k) => !k.startsWith('events/') || k.includes('event_type=post.viewed/dt=2026-11-23/'))).toBe(true);
  });

  test('bad/ keeps why and the ids, never a message as sent: not a rejected event queued with its raw value, not a body that is not JSON', async () => {
    const bodies: string[] = [];
    const lake: LakeStore = { put: async (_key, body) => void bodies.push(new TextDecoder().decode(body)) };
    const legacy = JSON.stringify({
      rejected: { reason: 'query: unrecognized', source: 'POST /v1/events', received_at: now.toISOString(), raw: { query: 'Jane Doe' } },
    });
    const invalid = JSON.stringify({ event_id: 'e9', event_type: 'post.viewed', data: { note: 'Jane Doe' } });

    await archiveBatch({ lake, clock }, [
      { messageId: 'm1', body: legacy },
      { messageId: 'm2', body: 'Jane Doe, not JSON' },
      { messageId: 'm3', body: invalid },
    ]);

    const lines = bodies
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(bodies.join('')).not.toContain('Jane Doe');
    expect(lines.map((l) => [l.message_id, l.event])).toEqual([
      ['m1', null],
      ['m2', null],
      ['m3', { event_id: 'e9', event_type: 'post.viewed', actor_id: null, community_id: null, post_id: null }],
    ]);
    expect(lines[0].reason).toBe('rejected by POST /v1/events: query: unrecognized');
  });
});
