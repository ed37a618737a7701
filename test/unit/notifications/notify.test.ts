/** The notifier's rules against fakes of its ports: who is told, once, and how large audiences are paged. */
import { notificationsMessagingDesign } from '../../../lambdas/store/messaging-design';
import { defaultPreferences, type Follow, type FollowTarget, type NotificationPreferences } from '../../../lambdas/notifications/model';
import { fanOutPage, notificationId, notifyEvent } from '../../../lambdas/notifications/notify';
import type { CommentFacts, FanOutPage, NewNotification, NotifierDeps, NotifierEvent, PostFacts } from '../../../lambdas/notifications/ports';
import { notifierEventTypes } from '../../../lambdas/notifications/rules';

const POST: PostFacts = {
  postId: '01JQ0000000000000000000001',
  communityId: 'outdoor-gear',
  authorId: 'alice',
  kind: 'question',
  status: 'published',
  title: 'Is it warm enough at -5 °C?',
  productIds: ['SKU-1'],
  ideaStatus: null,
};

function fakes(
  options: {
    post?: PostFacts;
    posts?: PostFacts[];
    comments?: CommentFacts[];
    followers?: Record<string, string[]>;
    voters?: Record<string, string[]>;
    note?: string;
    prefs?: Record<string, NotificationPreferences>;
  } = {},
) {
  const entries = new Map<string, NewNotification & { memberId: string }>();
  const pages: FanOutPage[] = [];
  const add = (memberId: string, entry: NewNotification) => {
    if (entries.has(`${memberId}|${entry.notificationId}`)) return false;
    entries.set(`${memberId}|${entry.notificationId}`, { ...entry, memberId });
    return true;
  };
  const follows: Follow[] = [];
  const unfollowed = new Set<string>();
  const deps: NotifierDeps = {
    facts: {
      getPost: async (postId) => options.posts?.find((p) => p.postId === postId) ?? options.post ?? POST,
      getComment: async (_, commentId) => options.comments?.find((c) => c.commentId === commentId),
      decisionNote: async () => 'Say which product',
      timelineNote: async () => options.note ?? null,
    },
    follows: {
      follow: async (f) => void follows.push(f),
      followUnlessDecided: async (f) => void follows.push(f),
      unfollow: async (m, t) => void unfollowed.add(`${m}|${t.targetType}|${t.targetId}`),
      unfollowed: async (m, t) => unfollowed.has(`${m}|${t.targetType}|${t.targetId}`),
      listFollows: async () => ({ items: follows, nextCursor: null }),
      followers: async (target: FollowTarget, limit, cursor) => {
        const all = options.followers?.[`${target.targetType}#${target.targetId}`] ?? [];
        const from = cursor ? Number(cursor) : 0;
        const next = from + limit < all.length ? String(from + limit) : null;
        return { memberIds: all.slice(from, from + limit), cursor: next };
      },
    },
    voters: {
      voters: async (postId, limit, cursor) => {
        const all = options.voters?.[postId] ?? [];
        const from = cursor ? Number(cursor) : 0;
        const next = from + limit < all.length ? String(from + limit) : null;
        return { memberIds: all.slice(from, from + limit), cursor: next };
      },
    },
    inbox: {
      add: async (memberId, entry) => add(memberId, entry),
      addMany: async (many) => many.filter(({ memberId, entry }) => add(memberId, entry)).map(({ memberId }) => memberId),
      list: async () => ({ items: [], nextCursor: null }),
      unreadCount: async () => 0,
      markRead: async () => 0,
      preferences: async () => defaultPreferences(),
      preferencesOf: async (ids) => new Map(ids.map((id) => [id, options.prefs?.[id] ?? defaultPreferences()])),
      savePreferences: async () => undefined,
    },
    pages: { send: async (page) => void pages.push(page) },
    clock: () => new Date('2026-11-30T12:00:00Z'),
    pageSize: 3,
  };
  return { deps, entries: () => [...entries.values()], pages, follows, unfollowed };
}

const commentEvent = (over: Partial<NotifierEvent> = {}, data: Record<string, unknown> = {}): NotifierEvent => ({
  eventId: 'stream-1',
  type: 'comment.created',
  occurredAt: '2026-11-30T11:00:00.000Z',
  actorId: 'bob',
  communityId: POST.communityId,
  postId: POST.postId,
  productIds: [],
  data: { comment_id: 'C1', depth: 0, parent_comment_id: null, status: 'published', ...data },
  ...over,
});
const bobsComment: CommentFacts = {
  postId: POST.postId,
  commentId: 'C1',
  authorId: 'bob',
  authorName: 'bob',
  status: 'published',
  deleted: false,
  depth: 0,
  parentCommentId: null,
};

describe('notifier', () => {
  test('an answer on a question tells its author once, as an answer, and makes the commenter follow it', async () => {
    const { deps, entries, follows } = fakes({ comments: [bobsComment], followers: { [`post#${POST.postId}`]: ['alice', 'bob'] } });

    await notifyEvent(deps, commentEvent());
    await notifyEvent(deps, commentEvent());

    expect(entries().map((e) => [e.memberId, e.type])).toEqual([['alice', 'answer.on-your-question']]);
    expect(entries()[0]!.summary).toBe('bob answered your question “Is it warm enough at -5 °C?”');
    expect(follows).toEqual(
      expect.arrayContaining([expect.objectContaining({ memberId: 'bob', targetType: 'post', targetId: POST.postId, reason: 'commenter' })]),
    );
  });

  test('never tells the actor, even when they follow what they acted on', async () => {
    const mine = { ...bobsComment, authorId: 'alice', authorName: 'alice' };
    const { deps, entries } = fakes({ comments: [mine], followers: { [`post#${POST.postId}`]: ['alice'] } });

    await notifyEvent(deps, commentEvent({ actorId: 'alice' }));

    expect(entries()).toEqual([]);
  });

  test('tells nobody of a comment on a post that is no longer published, nor of a held comment', async () => {
    const hidden = fakes({ post: { ...POST, status: 'held' }, comments: [bobsComment] });
    await notifyEvent(hidden.deps, commentEvent());
    const held = fakes({ comments: [{ ...bobsComment, status: 'held' }] });
    await notifyEvent(held.deps, commentEvent({}, { status: 'held' }));

    expect([...hidden.entries(), ...held.entries()]).toEqual([]);
  });

  test('a muted member or post, or a type turned off, notifies nothing; a type off does not pass the cause to a weaker rule', async () => {
    const off = defaultPreferences();
    const prefs = { ...off, types: { ...off.types, 'answer.on-your-question': { inApp: false, live: false } } };
    const { deps, entries } = fakes({
      comments: [bobsComment],
      followers: { [`post#${POST.postId}`]: ['alice', 'carol', 'dave'] },
      prefs: {
        alice: prefs,
        carol: { ...off, mutedMemberIds: ['bob'] },
        dave: { ...off, mutedPostIds: [POST.postId] },
      },
    });

    await notifyEvent(deps, commentEvent());

    expect(entries()).toEqual([]);
  });

  test('pages a large audience through the queue: one page per invocation, each page message carrying its cursor', async () => {
    const followers = Array.from({ length: 10 }, (_, i) => `fan-${i}`);
    const { deps, entries, pages } = fakes({ post: { ...POST, kind: 'review' }, followers: { 'product#SKU-1': followers } });
    const created: NotifierEvent = { ...commentEvent({ type: 'post.created', actorId: 'alice' }), data: { status: 'published' } };

    const first = await notifyEvent(deps, created);
    expect(first).toEqual({ written: 3, pagesQueued: 1 });
    let invocations = 1;
    while (pages.length > 0) {
      await fanOutPage(deps, pages.shift()!);
      invocations++;
    }

    expect(invocations).toBe(4);
    expect(
      entries()
        .map((e) => e.memberId)
        .sort(),
    ).toEqual([...followers].sort());
    expect(new Set(entries().map((e) => e.type))).toEqual(new Set(['product.new-post']));
  });

  test('a page whose post was hidden meanwhile stops the fan-out', async () => {
    const { deps, entries, pages } = fakes({ post: { ...POST, status: 'rejected' } });
    const page: FanOutPage = {
      event: { ...commentEvent({ type: 'post.created' }), data: { status: 'published' } },
      type: 'product.new-post',
      source: { targetType: 'product', targetId: 'SKU-1' },
      cursor: '3',
      exclude: [],
    };

    expect(await fanOutPage(deps, page)).toEqual({ written: 0, pagesQueued: 0 });
    expect(entries()).toEqual([]);
    expect(pages).toEqual([]);
  });

  test('moderation: the author hears of a rejection with its reason code and of requested changes with the note, never who decided', async () => {
    const { deps, entries } = fakes();
    const decided = (status: string, eventId: string): NotifierEvent => ({
      ...commentEvent({ type: 'post.unpublished', actorId: 'moderator-7', eventId }),
      data: { status, status_before: 'held', reason: 'off-topic' },
    });

    await notifyEvent(deps, decided('rejected', 'e1'));
    await notifyEvent(deps, decided('changes-requested', 'e2'));

    expect(entries().map((e) => [e.memberId, e.type, e.reasonCode, e.note])).toEqual([
      ['alice', 'content.rejected', 'off-topic', null],
      ['alice', 'content.changes-requested', 'off-topic', 'Say which product'],
    ]);
    expect(JSON.stringify(entries())).not.toContain('moderator-7');
  });

  test('pushes a new entry and the unread count to the recipient live, unless their live preference is off for the type', async () => {
    const off = defaultPreferences();
    const quiet = { ...off, types: { ...off.types, 'comment.on-followed-post': { inApp: true, live: false } } };
    const { deps, entries } = fakes({ comments: [bobsComment], followers: { [`post#${POST.postId}`]: ['carol', 'dave'] }, prefs: { dave: quiet } });
    const frames: [string, unknown][] = [];
    const live = { toMember: async (memberId: string, frame: unknown) => void frames.push([memberId, frame]), toGroup: async () => undefined };

    await notifyEvent({ ...deps, live }, commentEvent());

    expect(
      entries()
        .map((e) => e.memberId)
        .sort(),
    ).toEqual(['alice', 'carol', 'dave']);
    expect(frames.map(([m]) => m).sort()).toEqual(['alice', 'carol']);
    expect(frames.find(([m]) => m === 'carol')![1]).toEqual({
      type: 'notification',
      notification: expect.objectContaining({ type: 'comment.on-followed-post', read: false, target: expect.objectContaining({ postId: POST.postId }) }),
      unreadCount: 0,
    });
  });

  describe('ideas', () => {
    const X: PostFacts = { ...POST, postId: '01JQ00000000000000000000X1', kind: 'idea', title: 'Gas canister refills', ideaStatus: 'planned' };
    const Y: PostFacts = { ...X, postId: '01JQ00000000000000000000Y1', title: 'Refill stations' };
    const moved = (eventId: string, to: string): NotifierEvent => ({
      eventId,
      type: 'idea.status-changed',
      occurredAt: '2026-11-30T11:00:00.000Z',
      actorId: 'sam',
      communityId: X.communityId,
      postId: X.postId,
      productIds: [],
      data: { from: 'open', to, timeline_entry: 'TIMELINE#2026-11-30T11:00:00.000Z#E1', actor_role: 'partner', actor_team: 'supply-chain' },
    });
    const merged: NotifierEvent = {
      ...moved('stream-merge', 'merged'),
      type: 'idea.merged',
      actorId: 'cara',
      data: { into_post_id: Y.postId, actor_role: 'community-manager' },
    };

    test("a status change tells the idea's voters and followers once each, with the note, never the actor, even when delivered twice", async () => {
      const voters = ['v1', 'v2', 'both', 'sam'];
      const { deps, entries, pages } = fakes({
        post: X,
        note: 'Piloting refills in 12 stores.',
        voters: { [X.postId]: voters },
        followers: { [`idea#${X.postId}`]: ['f1', 'both'], [`post#${X.postId}`]: ['alice', 'both'] },
      });

      for (let delivery = 0; delivery < 2; delivery++) {
        await notifyEvent(deps, moved('stream-status', 'planned'));
        while (pages.length > 0) await fanOutPage(deps, pages.shift()!);
      }

      expect(
        entries()
          .map((e) => e.memberId)
          .sort(),
      ).toEqual(['alice', 'both', 'f1', 'v1', 'v2']);
      expect(new Set(entries().map((e) => e.type))).toEqual(new Set(['idea.status-changed']));
      expect(entries()[0]).toMatchObject({ note: 'Piloting refills in 12 stores.', summary: 'The idea “Gas canister refills” moved from open to planned' });
    });

    test("a merge tells X's voters and followers once (a voter for both X and Y too), sends them to Y, and makes X's followers follow Y", async () => {
      const { deps, entries, pages, follows } = fakes({
        posts: [X, Y],
        voters: { [X.postId]: ['v1', 'both-ideas', 'follower-voter'], [Y.postId]: ['both-ideas', 'y-only'] },
        followers: { [`idea#${X.postId}`]: ['follower-voter', 'f1'], [`post#${X.postId}`]: ['alice'] },
      });

      // The merge's post write (X moved to merged) and its job both reach the notifier; each twice.
      for (let delivery = 0; delivery < 2; delivery++) {
        await notifyEvent(deps, moved('stream-x-merged', 'merged'));
        await notifyEvent(deps, merged);
        while (pages.length > 0) await fanOutPage(deps, pages.shift()!);
      }

      expect(
        entries()
          .map((e) => e.memberId)
          .sort(),
      ).toEqual(['alice', 'both-ideas', 'f1', 'follower-voter', 'v1']);
      expect(entries().every((e) => e.type === 'idea.merged' && e.target.postId === Y.postId)).toBe(true);
      expect(entries()[0]!.summary).toBe('The idea “Gas canister refills” was merged into “Refill stations”; votes for it count there');
      const followsOfY = follows.filter((f) => f.targetType === 'idea' && f.targetId === Y.postId);
      expect(new Set(followsOfY.map((f) => f.memberId))).toEqual(new Set(['follower-voter', 'f1', 'alice']));
      expect(followsOfY.every((f) => f.reason === 'merged')).toBe(true);
    });
  });

  test('an entry id is deterministic per recipient and cause, and sorts by time', () => {
    const a = notificationId('2026-11-30T11:00:00.000Z', 'alice', 'comment:C1');
    expect(notificationId('2026-11-30T11:00:00.000Z', 'alice', 'comment:C1')).toBe(a);
    expect(notificationId('2026-11-30T11:00:00.000Z', 'bob', 'comment:C1')).not.toBe(a);
    expect(notificationId('2026-11-30T11:00:00.001Z', 'alice', 'comment:C0') > a).toBe(true);
  });

  test("the notifications queue's filter lists exactly the events the rules read", () => {
    expect([...notificationsMessagingDesign.eventTypes].sort()).toEqual(notifierEventTypes());
  });
});
