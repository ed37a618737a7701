/**
 * Weeks of past activity for the ledger (npm run seed -- --weeks N), made deterministically: a seeded
 * PRNG (mulberry32) draws each community's members, what they do each week and the moderation work it
 * causes, and an injected clock (`now`) places the weeks before it. What it writes, for the weeks
 * before now, and only there:
 *
 * - lake events (post.created, comment.created, reaction.added, post.viewed, product-link.clicked) as
 *   Parquet objects under their past dt partitions of the lake bucket, as the archiver would have;
 * - moderation audit entries (claim, extend, release, lease expiry, decisions) in the table, through the
 *   audit entity's own item builder, so byCommunityAudit indexes them like live ones;
 * - the usage the local runtime would have recorded for those requests, appended to usage.jsonl with
 *   their past times (per-request figures below, of the order `npm run bench` measures);
 * - the community's opening moved back to the first seeded week.
 *
 * History cannot go through the API: the API stamps the present. Seeding the same weeks twice is
 * refused by a marker in the data dir.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, UpdateCommand, type BatchWriteCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { eventsObjectKey } from '../lambdas/analytics/archive';
import type { EventEnvelope } from '../lambdas/analytics/envelope';
import { toParquet } from '../lambdas/analytics/parquet';
import type { AuditEntry } from '../lambdas/api/moderation-schemas';
import type { UsageRecord } from '../lambdas/finance/usage-records';
import { mondayOf, WEEK_MS } from '../lambdas/finance/weeks';
import { LEASE_SECONDS } from '../lambdas/moderation/queue';
import { auditItem } from '../lambdas/store/entities/audit-entry';
import { communityKey } from '../lambdas/store/entities/community';

/** How a community grows: new members a week at first, weekly growth, and how engaged they are. */
interface Profile {
  readonly communityId: string;
  readonly newMembersAtStart: number;
  readonly weeklyGrowth: number;
  /** Chance an existing member comes back in a week. */
  readonly returning: number;
  /** Chance an active member writes something that week. */
  readonly contributing: number;
  /** Share of posts and comments that need a moderator. */
  readonly moderated: number;
}

const PROFILES: readonly Profile[] = [
  { communityId: 'outdoor-gear', newMembersAtStart: 40, weeklyGrowth: 1.12, returning: 0.45, contributing: 0.3, moderated: 0.08 },
  { communityId: 'kitchen', newMembersAtStart: 20, weeklyGrowth: 1.05, returning: 0.35, contributing: 0.25, moderated: 0.05 },
  { communityId: 'smart-home', newMembersAtStart: 12, weeklyGrowth: 1.0, returning: 0.3, contributing: 0.2, moderated: 0.04 },
];

const MODERATORS = ['seed-mod-ana', 'seed-mod-ben', 'seed-mod-cho'];
const SENIOR = 'seed-senior-dee';
const STAFF = ['seed-staff-eve', 'seed-staff-finn'];

/** mulberry32: a small, fast, seeded PRNG; the same seed draws the same weeks. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedWeeksDeps {
  readonly weeks: number;
  /** The clock: the seeded weeks are the `weeks` whole weeks before the week of `now`. */
  readonly now: Date;
  readonly seed: number;
  readonly documents: DynamoDBDocumentClient;
  readonly table: string;
  readonly s3: S3Client;
  readonly bucket: string;
  readonly appendUsage: (records: readonly UsageRecord[]) => Promise<void>;
  readonly log: (line: string) => void;
}

export interface SeededWeeks {
  readonly events: number;
  readonly auditEntries: number;
  readonly usageRecords: number;
  readonly objects: number;
}

/** Per request, what the local runtime records (ms, DynamoDB units): of the order bench/results.json measures. */
const REQUEST: Record<string, { fn: string; ms: number; read: number; write: number }> = {
  createPost: { fn: 'posts', ms: 48, read: 3, write: 28 },
  createComment: { fn: 'comments', ms: 36, read: 2, write: 12 },
  addReaction: { fn: 'reactions', ms: 24, read: 1, write: 6 },
  listCommunityPosts: { fn: 'posts', ms: 22, read: 5, write: 0 },
  getPost: { fn: 'posts', ms: 14, read: 1, write: 0 },
  recordEvents: { fn: 'events', ms: 20, read: 1, write: 1 },
  claimNextItem: { fn: 'moderation', ms: 40, read: 4, write: 14 },
  decideItem: { fn: 'moderation', ms: 55, read: 3, write: 38 },
};

export async function seedWeeks(deps: SeedWeeksDeps): Promise<SeededWeeks> {
  if (!Number.isInteger(deps.weeks) || deps.weeks < 1 || deps.weeks > 52) throw new RangeError(`--weeks must be 1 to 52, got ${deps.weeks}`);
  const random = mulberry32(deps.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const first = new Date(mondayOf(deps.now).getTime() - deps.weeks * WEEK_MS);
  /** A time in week `w`: a random day, 07:00-23:00 UTC. */
  const timeIn = (w: number) => first.getTime() + w * WEEK_MS + Math.floor(random() * 7) * 86_400_000 + Math.floor(between(7, 23) * 3_600_000);

  const events: EventEnvelope[] = [];
  const audits: Record<string, unknown>[] = [];
  const usage: UsageRecord[] = [];
  const request = (op: string, at: number, member: string, communityId: string) => {
    const r = REQUEST[op]!;
    usage.push({
      k: 'invocation',
      t: new Date(at).toISOString(),
      fn: r.fn,
      mb: 1024,
      ms: r.ms,
      op,
      status: 200,
      member,
      community: communityId,
      read: r.read,
      write: r.write,
    });
  };

  for (const profile of PROFILES) {
    const { communityId } = profile;
    let n = 0;
    const id = () => `seed-${communityId}-${++n}`;
    const members: { id: string; joined: number }[] = [];
    const posts: { postId: string; productId: string }[] = [];
    const event = (type: EventEnvelope['event_type'], at: number, actor: string, extra: Partial<EventEnvelope> = {}) => {
      const iso = new Date(at).toISOString();
      events.push({
        event_id: id(),
        event_type: type,
        schema_version: 1,
        occurred_at: iso,
        received_at: iso,
        actor_id: actor,
        community_id: communityId,
        post_id: null,
        product_ids: [],
        data: {},
        ...extra,
      });
    };
    const audit = (
      itemId: string,
      postId: string,
      at: number,
      actorId: string,
      action: AuditEntry['action'],
      statusBefore: AuditEntry['statusBefore'],
      statusAfter: AuditEntry['statusAfter'],
      waited?: number,
    ) => {
      const entry: AuditEntry = { itemId, at: new Date(at).toISOString(), actorId, action, reasonCode: null, note: null, statusBefore, statusAfter };
      audits.push(
        auditItem({
          entry,
          auditId: ulid(Math.floor(at), random),
          target: { communityId, postId },
          ...(waited === undefined ? {} : { waitedSeconds: waited }),
        }),
      );
    };

    /** One queue item worked from `created`: claims, the odd release or expiry, a decision, sometimes escalated. */
    const moderate = (postId: string, created: number) => {
      const itemId = `post-${postId}`;
      let at = Math.floor(created + between(10, 240) * 60_000);
      let moderator = pick(MODERATORS);
      const roll = random();
      if (roll < 0.08) {
        // Released after a look: held time counts, then another moderator takes it.
        audit(itemId, postId, at, moderator, 'claim', 'pending', 'pending');
        request('claimNextItem', at, moderator, communityId);
        at += between(0.5, 3) * 60_000;
        audit(itemId, postId, at, moderator, 'release-lease', 'pending', 'pending');
        at += between(5, 60) * 60_000;
        moderator = pick(MODERATORS.filter((m) => m !== moderator));
      } else if (roll < 0.12) {
        // Left to expire: the next claim records the expiry at the lease's end.
        audit(itemId, postId, at, moderator, 'claim', 'pending', 'pending');
        request('claimNextItem', at, moderator, communityId);
        audit(itemId, postId, at + LEASE_SECONDS * 1000, moderator, 'lease-expired', 'pending', 'pending');
        at += LEASE_SECONDS * 1000 + between(5, 90) * 60_000;
        moderator = pick(MODERATORS.filter((m) => m !== moderator));
      }
      audit(itemId, postId, at, moderator, 'claim', 'pending', 'pending');
      request('claimNextItem', at, moderator, communityId);
      const handle = between(0.7, 4.5) * 60_000;
      if (handle > 4 * 60_000) audit(itemId, postId, at + 3.5 * 60_000, moderator, 'extend-lease', 'pending', 'pending');
      at += handle;
      if (random() < 0.06) {
        audit(itemId, postId, at, moderator, 'escalate', 'pending', 'escalated', Math.round((at - created) / 1000));
        request('decideItem', at, moderator, communityId);
        at += between(30, 300) * 60_000;
        audit(itemId, postId, at, SENIOR, 'claim', 'escalated', 'escalated');
        request('claimNextItem', at, SENIOR, communityId);
        at += between(3, 12) * 60_000;
        audit(itemId, postId, at, SENIOR, random() < 0.5 ? 'approve' : 'reject', 'escalated', 'approved', Math.round((at - created) / 1000));
        request('decideItem', at, SENIOR, communityId);
        return;
      }
      const action = random() < 0.8 ? 'approve' : 'reject';
      audit(itemId, postId, at, moderator, action, 'pending', action === 'approve' ? 'approved' : 'rejected', Math.round((at - created) / 1000));
      request('decideItem', at, moderator, communityId);
    };

    const now = deps.now.getTime();
    /** What follows a new post: the response desk's items (questions and reviews) and an idea's votes and shipping. */
    const followUp = (postId: string, kind: string, author: string, created: number) => {
      const later = (at: number, emit: () => void) => {
        if (at < now) emit();
      };
      const onPost = { post_id: postId };
      if (kind === 'question' || kind === 'review') {
        event('desk.entered', created + 1000, author, { ...onPost, actor_id: null, data: { kind, due_at: new Date(created + 86_400_000).toISOString() } });
        const roll = random();
        const responded = (at: number, actor: string, via: string) =>
          later(at, () =>
            event('desk.responded', at, actor, {
              ...onPost,
              data: { kind, via, responder_role: via === 'official-comment' ? 'retail-staff' : null, wait_seconds: Math.round((at - created) / 1000) },
            }),
          );
        if (kind === 'question' && roll < 0.45) {
          // A member's answer, accepted by the asker: the desk counts it as the response.
          const at = Math.floor(created + between(1, 48) * 3_600_000);
          later(at, () => event('answer.accepted', at, author, { ...onPost, data: { kind, status: 'published' } }));
          responded(at, author, 'accepted-answer');
        } else if (roll < (kind === 'question' ? 0.9 : 0.6)) {
          responded(Math.floor(created + between(0.5, 30) * 3_600_000), pick(STAFF), 'official-comment');
        }
      }
      if (kind === 'idea') {
        const voters = Math.floor(random() * 14);
        for (let v = 0; v < voters && members.length > 0; v++) {
          const at = Math.floor(created + between(0.1, 20) * 86_400_000);
          later(at, () => event('idea.voted', at, pick(members).id, { ...onPost }));
        }
        // A few ideas ship, weeks later.
        if (random() < 0.1) {
          const at = Math.floor(created + between(14, 35) * 86_400_000);
          later(at, () => event('idea.status-changed', at, 'seed-cm', { ...onPost, data: { kind, from: 'planned', to: 'shipped' } }));
        }
      }
    };

    for (let w = 0; w < deps.weeks; w++) {
      const newcomers = Math.round(profile.newMembersAtStart * profile.weeklyGrowth ** w * between(0.85, 1.15));
      for (let i = 0; i < newcomers; i++) members.push({ id: `seed-${communityId}-m${members.length + 1}`, joined: w });
      const active = members.filter((m) => m.joined === w || random() < profile.returning * (w - m.joined <= 2 ? 1.2 : 0.9));
      for (const member of active) {
        const contributions = random() < profile.contributing ? 1 + Math.floor(random() * 2) : 0;
        for (let c = 0; c < contributions; c++) {
          const at = timeIn(w);
          if (posts.length === 0 || random() < 0.4) {
            const kind = pick(['question', 'question', 'discussion', 'review', 'review', 'idea']);
            const postId = ulid(Math.floor(at), random);
            const productId = `SKU-${10000 + Math.floor(random() * 40)}`;
            posts.push({ postId, productId });
            event('post.created', at, member.id, { post_id: postId, product_ids: [productId], data: { kind, status: 'published', version: 1 } });
            request('createPost', at, member.id, communityId);
            if (random() < profile.moderated) moderate(postId, at);
            followUp(postId, kind, member.id, at);
          } else {
            const post = pick(posts);
            event('comment.created', at, member.id, { post_id: post.postId, data: { status: 'published' } });
            request('createComment', at, member.id, communityId);
            if (random() < profile.moderated) moderate(post.postId, at);
          }
        }
        const views = 1 + Math.floor(random() * 6);
        for (let v = 0; v < views && posts.length > 0; v++) {
          const at = timeIn(w);
          const post = pick(posts);
          event('post.viewed', at, member.id, { post_id: post.postId, product_ids: [post.productId], data: { source: 'feed' } });
          request(v === 0 ? 'listCommunityPosts' : 'getPost', at, member.id, communityId);
          if (random() < 0.18) {
            event('product-link.clicked', at + 40_000, member.id, { post_id: post.postId, product_ids: [post.productId], data: { position: 0 } });
          }
          if (random() < 0.15) {
            event('reaction.added', at + 20_000, member.id, { post_id: post.postId, data: { reaction: 'like' } });
            request('addReaction', at + 20_000, member.id, communityId);
          }
        }
        request('recordEvents', timeIn(w), member.id, communityId);
      }
    }
    deps.log(`seed: ${communityId}: ${deps.weeks} weeks from ${first.toISOString().slice(0, 10)}, ${members.length} members, ${posts.length} posts`);
    // The community opened with its first seeded week.
    await deps.documents
      .send(
        new UpdateCommand({
          TableName: deps.table,
          Key: communityKey(communityId),
          UpdateExpression: 'SET createdAt = :opened',
          ConditionExpression: 'attribute_exists(pk) AND createdAt > :opened',
          ExpressionAttributeValues: { ':opened': new Date(first.getTime() + 9 * 3_600_000).toISOString() },
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  // The lake: one object per event type and day, as the archiver groups them.
  const groups = new Map<string, EventEnvelope[]>();
  for (const e of events) {
    const key = `${e.event_type}|${e.occurred_at.slice(0, 10)}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const group of groups.values()) {
    const body = toParquet(group);
    const key = eventsObjectKey(
      group[0]!.event_type,
      group[0]!.occurred_at.slice(0, 10),
      group.map((e) => e.event_id),
    );
    await deps.s3.send(new PutObjectCommand({ Bucket: deps.bucket, Key: key, Body: body, ContentType: 'application/vnd.apache.parquet' }));
    // What the pipeline would have billed for it: a publisher and an archiver run, the queue, the object.
    const t = new Date(Date.parse(group[0]!.occurred_at) + 60_000).toISOString();
    usage.push(
      { k: 'invocation', t, fn: 'publisher', mb: 512, ms: 30, read: 0, write: 0 },
      { k: 'invocation', t, fn: 'archiver', mb: 1024, ms: 80, read: 0, write: 0 },
      { k: 'sqs', t, op: 'SendMessageBatch', sent: 1, requests: Math.max(1, Math.ceil(body.byteLength / 65_536)) },
      { k: 'sqs', t, op: 'ReceiveMessage', received: 1, requests: 1 },
      { k: 's3', t, op: 'PutObject', bytes: body.byteLength },
    );
  }

  for (let i = 0; i < audits.length; i += 25) {
    let requests: Record<string, NonNullable<BatchWriteCommandInput['RequestItems']>[string]> = {
      [deps.table]: audits.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    // Whatever the table did not take this time goes again.
    while (Object.keys(requests).length > 0) requests = (await deps.documents.send(new BatchWriteCommand({ RequestItems: requests }))).UnprocessedItems ?? {};
  }
  usage.sort((a, b) => a.t.localeCompare(b.t));
  await deps.appendUsage(usage);
  return { events: events.length, auditEntries: audits.length, usageRecords: usage.length, objects: groups.size };
}
