/**
 * The notifier: domain events in, inbox entries out. Each entry is keyed by its recipient and its
 * cause, and written only if absent, so a message delivered twice (or a page sent twice) writes
 * nothing new. A large audience is never read in one invocation: one page of followers (or of an
 * idea's voters) per list is handled here, and the rest travels through the notifications queue as
 * page messages, each carrying its cursor (fanOutPage).
 */
import { createHash } from 'node:crypto';
import { type FollowTarget, NOTIFICATION_TTL_DAYS, type Notification, type NotificationPreferences, type NotificationType } from './model';
import type { AudienceSource, FanOutPage, NewNotification, NotifierDeps, NotifierEvent } from './ports';
import { AUTO_FOLLOWS, type EventFacts, NOTIFICATION_RULES, type NotificationRule, targetOf } from './rules';

const DAY_S = 24 * 3600;

/**
 * An entry's id: its time (sortable, newest last) and a digest of its recipient and cause, so the
 * same cause always lands on the same key.
 */
export function notificationId(occurredAt: string, memberId: string, cause: string): string {
  const at = Date.parse(occurredAt);
  const time = (Number.isNaN(at) ? 0 : at).toString(36).padStart(9, '0');
  return `${time}-${createHash('sha256').update(`${memberId}\n${cause}`).digest('base64url').slice(0, 22)}`;
}

const str = (data: Readonly<Record<string, unknown>>, field: string): string | null => (typeof data[field] === 'string' ? (data[field] as string) : null);

/** The content an event names, read now: a post hidden since the event notifies no one. */
async function factsOf(
  deps: NotifierDeps,
  event: NotifierEvent,
  needs: Pick<NotificationRule, 'needsDecisionNote' | 'needsTimelineNote'>,
): Promise<EventFacts> {
  const commentId = str(event.data, 'comment_id');
  const parentId = str(event.data, 'parent_comment_id');
  const timelineEntry = str(event.data, 'timeline_entry');
  const intoPostId = event.type === 'idea.merged' ? str(event.data, 'into_post_id') : null;
  const [post, comment, parent, decisionNote, timelineNote, mergedInto] = await Promise.all([
    event.postId ? deps.facts.getPost(event.postId) : undefined,
    event.postId && commentId ? deps.facts.getComment(event.postId, commentId) : undefined,
    event.postId && parentId ? deps.facts.getComment(event.postId, parentId) : undefined,
    event.postId && needs.needsDecisionNote ? deps.facts.decisionNote(event.postId) : undefined,
    event.postId && timelineEntry && needs.needsTimelineNote ? deps.facts.timelineNote(event.postId, timelineEntry) : undefined,
    intoPostId ? deps.facts.getPost(intoPostId) : undefined,
  ]);
  return { event, post, comment, parent, decisionNote, timelineNote, mergedInto };
}

/** Whether everyone can see what the event is about, now. */
const visibleToEveryone = (f: EventFacts): boolean => {
  if (f.post?.status !== 'published') return false;
  if (str(f.event.data, 'comment_id') === null) return true;
  return f.comment !== undefined && !f.comment.deleted && f.comment.status === 'published';
};

const visible = (rule: NotificationRule, f: EventFacts): boolean =>
  rule.visibleTo === 'everyone' ? visibleToEveryone(f) : rule.visibleTo === 'author' ? f.post !== undefined : true;

/** Why a member does not get this notification, or undefined when they do. */
function refusal(rule: NotificationRule, type: NotificationType, f: EventFacts, memberId: string, prefs: NotificationPreferences): string | undefined {
  // Never the actor: nobody is told of what they did themselves.
  if (memberId === f.event.actorId) return 'actor';
  // A notice about one's own account is the notice itself (a warning is nothing else): no preference turns it off.
  if (rule.visibleTo === 'recipient') return undefined;
  if (!prefs.types[type].inApp) return 'preference';
  if (f.event.postId && prefs.mutedPostIds.includes(f.event.postId)) return 'muted post';
  if (!rule.fromModeration && f.event.actorId && prefs.mutedMemberIds.includes(f.event.actorId)) return 'muted member';
  return undefined;
}

/** Writes one entry per member (at most), pushes it live when written and wanted; answers how many were written. */
async function deliver(
  deps: NotifierDeps,
  type: NotificationType,
  rule: NotificationRule,
  f: EventFacts,
  memberIds: readonly string[],
  source?: AudienceSource,
): Promise<number> {
  if (memberIds.length === 0) return 0;
  const prefs = await deps.inbox.preferencesOf(memberIds);
  const cause = rule.cause(f);
  const entryFor = (memberId: string): NewNotification => ({
    notificationId: notificationId(f.event.occurredAt, memberId, cause),
    type,
    occurredAt: f.event.occurredAt,
    target: targetOf(f, type, source),
    summary: rule.summary(f),
    reasonCode: rule.reasonCode?.(f) ?? null,
    note: rule.note?.(f) ?? null,
    sanction: rule.sanction?.(f) ?? null,
    expiresAt: Math.floor(Date.parse(f.event.occurredAt) / 1000) + NOTIFICATION_TTL_DAYS * DAY_S,
    // Moderation outcomes never name the moderator, so they are nobody's to erase.
    causedBy: rule.fromModeration ? undefined : (f.event.actorId ?? undefined),
  });
  const wanted = memberIds.filter((memberId) => !refusal(rule, type, f, memberId, prefs.get(memberId)!));
  const entries = wanted.map((memberId) => ({ memberId, entry: entryFor(memberId) }));
  const written =
    entries.length === 1 ? ((await deps.inbox.add(entries[0]!.memberId, entries[0]!.entry)) ? [entries[0]!.memberId] : []) : await deps.inbox.addMany(entries);
  if (deps.live) {
    const byMember = new Map(entries.map((e) => [e.memberId, e.entry]));
    const live = deps.live;
    await inParallel(
      written.filter((memberId) => prefs.get(memberId)!.types[type].live),
      PUSH_CONCURRENCY,
      async (memberId) => {
        const { expiresAt: _, causedBy: _by, ...entry } = byMember.get(memberId)!;
        const notification: Notification = { ...entry, read: false };
        await live.toMember(memberId, { type: 'notification', notification: { ...notification }, unreadCount: await deps.inbox.unreadCount(memberId) });
      },
    );
  }
  return written.length;
}

/** Pushes in flight at once. */
const PUSH_CONCURRENCY = 16;

async function inParallel<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** One page of a follower list (or of an idea's voters): notified now; the rest queued as the next page. */
async function audiencePage(
  deps: NotifierDeps,
  type: NotificationType,
  f: EventFacts,
  source: AudienceSource,
  cursor: string | null,
  exclude: readonly string[],
): Promise<{ written: number; queued: boolean }> {
  const rule = NOTIFICATION_RULES[type];
  const page =
    source.targetType === 'idea-voters'
      ? await deps.voters.voters(source.targetId, deps.pageSize, cursor)
      : await deps.follows.followers(source, deps.pageSize, cursor);
  // The next page leaves first, so pages are delivered side by side (as many as the notifier's concurrency), not one after another.
  if (page.cursor !== null) await deps.pages.send({ event: f.event, type, source, cursor: page.cursor, exclude });
  const carryTo = source.targetType === 'idea-voters' ? undefined : rule.carryFollowsTo?.(f);
  if (carryTo) await carryFollows(deps, page.memberIds, carryTo, f.event.occurredAt);
  const skip = new Set(exclude);
  const written = await deliver(
    deps,
    type,
    rule,
    f,
    page.memberIds.filter((m) => !skip.has(m)),
    source,
  );
  return { written, queued: page.cursor !== null };
}

/** Followers of a merged idea follow its target too: never over their unfollow of it, nor over a follow they have. */
async function carryFollows(deps: NotifierDeps, memberIds: readonly string[], target: FollowTarget, at: string): Promise<void> {
  await inParallel(memberIds, PUSH_CONCURRENCY, (memberId) => deps.follows.followUnlessDecided({ memberId, ...target, followedAt: at, reason: 'merged' }));
}

export interface Outcome {
  /** Entries written. */
  readonly written: number;
  /** Page messages queued for the rest of a large audience. */
  readonly pagesQueued: number;
}

/** Handles one domain event: automatic follows, then every rule that reads it, in the table's order. */
export async function notifyEvent(deps: NotifierDeps, event: NotifierEvent): Promise<Outcome> {
  const autoFollow = AUTO_FOLLOWS[event.type]?.(event);
  if (autoFollow?.memberId && event.postId) {
    await deps.follows.followUnlessDecided({
      memberId: autoFollow.memberId,
      targetType: 'post',
      targetId: event.postId,
      followedAt: event.occurredAt,
      reason: autoFollow.reason,
    });
  }
  const rules = (Object.entries(NOTIFICATION_RULES) as [NotificationType, NotificationRule][]).filter(([, rule]) => rule.on.includes(event.type));
  if (rules.length === 0) return { written: 0, pagesQueued: 0 };
  const facts = await factsOf(deps, event, {
    needsDecisionNote: rules.some(([, rule]) => rule.needsDecisionNote),
    needsTimelineNote: rules.some(([, rule]) => rule.needsTimelineNote),
  });
  // Members a cause already went to (or was meant for and refused by preference): later rules skip them.
  const claimed = new Map<string, Set<string>>();
  let written = 0;
  let pagesQueued = 0;
  for (const [type, rule] of rules) {
    if (!rule.applies(facts) || !visible(rule, facts)) continue;
    const cause = rule.cause(facts);
    const taken = claimed.get(cause) ?? new Set<string>();
    claimed.set(cause, taken);
    const audience = rule.audience(facts);
    const direct = [...new Set(audience.members ?? [])].filter((m): m is string => typeof m === 'string' && m !== '' && !taken.has(m));
    const postTarget: FollowTarget | undefined = facts.event.postId ? { targetType: 'post', targetId: facts.event.postId } : undefined;
    // Who unfollowed the post hears nothing more about it, unless it is about their own content's moderation.
    const stillFollowing = rule.fromModeration || !postTarget ? direct : await keepFollowing(deps, direct, postTarget);
    for (const m of direct) taken.add(m);
    written += await deliver(deps, type, rule, facts, stillFollowing);
    const sources: AudienceSource[] = [
      ...(audience.followersOf ?? []),
      ...(audience.votersOf ?? []).map((targetId) => ({ targetType: 'idea-voters' as const, targetId })),
    ];
    for (const source of sources) {
      const outcome = await audiencePage(deps, type, facts, source, null, [...taken]);
      written += outcome.written;
      if (outcome.queued) pagesQueued++;
    }
  }
  return { written, pagesQueued };
}

async function keepFollowing(deps: NotifierDeps, memberIds: readonly string[], target: FollowTarget): Promise<string[]> {
  const unfollowed = await Promise.all(memberIds.map((m) => deps.follows.unfollowed(m, target)));
  return memberIds.filter((_, i) => !unfollowed[i]);
}

/** Handles one page message: the content is judged again (hidden since: the fan-out stops), then one more page. */
export async function fanOutPage(deps: NotifierDeps, page: FanOutPage): Promise<Outcome> {
  const type = page.type as NotificationType;
  const rule = NOTIFICATION_RULES[type];
  if (!rule) throw new Error(`a fan-out page names notification type ${JSON.stringify(page.type)}, which no rule produces`);
  const facts = await factsOf(deps, page.event, rule);
  if (!rule.applies(facts) || !visible(rule, facts)) return { written: 0, pagesQueued: 0 };
  const outcome = await audiencePage(deps, type, facts, page.source, page.cursor, page.exclude);
  return { written: outcome.written, pagesQueued: outcome.queued ? 1 : 0 };
}
