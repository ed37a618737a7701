/**
 * Realistic benchmark data: members, communities, posts and products with Zipf-like popularity, and
 * the engagement events such a population sends, all drawn from a seeded generator so every run sees
 * the same data. Identical synthetic events compress to almost nothing in Parquet (19 B an event);
 * distinct ids, times and values are what the lake really stores.
 */
import { createHash } from 'node:crypto';
import type { ClientEvent } from '../lambdas/analytics/event-schemas';

/** mulberry32: a small, fast, seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1)^s (s ≈ 1: the head item is
 * drawn about n / H(n) times more often than the median one).
 */
export function zipf(n: number, s: number, random: () => number): () => number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf needs at least one item, got ${n}`);
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cumulative[k] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID for time `at` whose random part comes from `random` (deterministic, unlike the ulid package's). */
export function seededUlid(at: number, random: () => number): string {
  let time = '';
  let t = at;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  let rest = '';
  for (let i = 0; i < 16; i++) rest += CROCKFORD[Math.floor(random() * 32)]!;
  return time + rest;
}

/** A UUID-shaped id (a Cognito `sub`), derived from a seed and a number. */
const uuidOf = (seed: number, n: number): string => {
  const h = createHash('sha256').update(`${seed}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export interface PopulationPost {
  readonly postId: string;
  readonly communityId: string;
  readonly productIds: readonly string[];
}

export interface Population {
  readonly seed: number;
  readonly members: readonly string[];
  readonly communities: readonly string[];
  readonly products: readonly string[];
  readonly posts: readonly PopulationPost[];
}

export interface PopulationSizes {
  readonly members: number;
  readonly communities: number;
  readonly products: number;
  readonly posts: number;
}

export const DEFAULT_SIZES: PopulationSizes = { members: 20_000, communities: 40, products: 2_000, posts: 2_000 };

const TOPICS = ['hiking', 'climbing', 'camping', 'running', 'cycling', 'paddling', 'skiing', 'fishing'];

/** Members, communities, products and posts; a post's community and products follow their popularity. */
export function population(seed: number, sizes: PopulationSizes = DEFAULT_SIZES, postsCreatedFrom = Date.UTC(2026, 9, 1)): Population {
  const random = seededRandom(seed);
  const communities = Array.from({ length: sizes.communities }, (_, n) => `${TOPICS[n % TOPICS.length]}-${String(n).padStart(3, '0')}`);
  const products = Array.from({ length: sizes.products }, (_, n) => `SKU-${String(100_000 + ((n * 7919) % 900_000)).padStart(6, '0')}`);
  const members = Array.from({ length: sizes.members }, (_, n) => uuidOf(seed, n));
  const community = zipf(communities.length, 1.1, random);
  const product = zipf(products.length, 1.05, random);
  const posts = Array.from({ length: sizes.posts }, (_, n): PopulationPost => {
    const linked = 1 + Math.floor(random() * 3);
    const productIds = [...new Set(Array.from({ length: linked }, () => products[product()]!))];
    return { postId: seededUlid(postsCreatedFrom + n * 60_000, random), communityId: communities[community()]!, productIds };
  });
  return { seed, members, communities, products, posts };
}

export interface EventDraw {
  readonly event: ClientEvent;
  /** The member who sent it. */
  readonly memberId: string;
}

/**
 * Engagement events of a population: who acts (Zipf over members: a few are very active), which
 * post (Zipf over posts: a few go viral), when (uniform in [from, to), so every day of a window
 * holds its share), and the mix apps send: views 60 %, feed scrolls 20 %, searches 12 %, product
 * clicks 8 %, with varied dwell times, positions, query lengths and counts.
 */
export function eventStream(p: Population, seed: number): (from: number, to: number) => EventDraw {
  const random = seededRandom(seed);
  const member = zipf(p.members.length, 0.9, random);
  const post = zipf(p.posts.length, 1.1, random);
  return (from, to) => ({ event: drawEvent(random, p.posts[post()]!, from, to), memberId: p.members[member()]! });
}

export interface SessionOptions {
  readonly events: number;
  /** How many distinct posts the session's events name (the route reads each once). */
  readonly distinctPosts: number;
  /** The session's events occurred in [from, to). */
  readonly from: number;
  readonly to: number;
}

/**
 * One member's batch as an app sends it: `events` events about `distinctPosts` distinct posts
 * (drawn by popularity), at times in [from, to). A fixed number of distinct posts keeps the units a
 * request reads the same in every iteration, so the route has one budget.
 */
export function sessionStream(p: Population, seed: number): (o: SessionOptions) => ClientEvent[] {
  const random = seededRandom(seed);
  const post = zipf(p.posts.length, 1.1, random);
  return (o) => {
    if (o.distinctPosts > p.posts.length) throw new RangeError(`a session names at most ${p.posts.length} posts, asked ${o.distinctPosts}`);
    const chosen = new Set<PopulationPost>();
    while (chosen.size < o.distinctPosts) chosen.add(p.posts[post()]!);
    const posts = [...chosen];
    // Every chosen post is viewed at least once; the rest of the session follows the mix.
    return Array.from({ length: o.events }, (_, n) => {
      const target = posts[n < posts.length ? n : Math.floor(random() * posts.length)]!;
      return n < posts.length ? drawEvent(random, target, o.from, o.to, 'post.viewed') : drawEvent(random, target, o.from, o.to);
    });
  };
}

const SOURCES = ['feed', 'feed', 'feed', 'search', 'product', 'member', 'link', 'notification'] as const;
const FEEDS = ['community', 'community', 'product', 'member'] as const;

function drawEvent(random: () => number, target: PopulationPost, from: number, to: number, type?: 'post.viewed'): ClientEvent {
  const at = from + Math.floor(random() * (to - from));
  const occurredAt = new Date(at).toISOString();
  const eventId = seededUlid(at, random);
  const roll = type === 'post.viewed' ? 0 : random();
  return roll < 0.6
    ? {
        eventId,
        occurredAt,
        type: 'post.viewed',
        postId: target.postId,
        communityId: target.communityId,
        source: SOURCES[Math.floor(random() * SOURCES.length)]!,
        // Long-tailed dwell: most views are seconds, a few are minutes.
        dwellMs: Math.round(800 + 60_000 * random() ** 4 + 4_000 * random()),
      }
    : roll < 0.8
      ? {
          eventId,
          occurredAt,
          type: 'feed.scrolled',
          feed: FEEDS[Math.floor(random() * FEEDS.length)]!,
          communityId: target.communityId,
          itemsSeen: 5 + Math.floor(80 * random() ** 2),
        }
      : roll < 0.92
        ? {
            eventId,
            occurredAt,
            type: 'search.performed',
            communityId: target.communityId,
            queryLength: 3 + Math.floor(37 * random() ** 2),
            resultCount: Math.floor(500 * random() ** 3),
          }
        : {
            eventId,
            occurredAt,
            type: 'product-link.clicked',
            postId: target.postId,
            productId: target.productIds[Math.floor(random() * target.productIds.length)]!,
            communityId: target.communityId,
            position: Math.floor(20 * random() ** 2),
          };
}
