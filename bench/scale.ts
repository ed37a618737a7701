/**
 * Cost per request must stay flat as data grows: the same request, measured with 1,000 and with
 * 100,000 posts in the table, must consume the same units. The posts all go to one community, so
 * the partition the feed reads is the one that grows (the worst case for an O(table) mistake).
 */
import type { RouteFigure } from './handler-overhead';
import type { Post } from '../lambdas/api/schemas';
import type { Fixtures } from './fixtures';
import type { RouteBench } from './routes';

export interface ScaleCheck {
  /** "community feed, page of 20" */
  readonly name: string;
  /** The route entry measured at each size (its prepare reads the scale community). */
  readonly route: (communityId: string) => RouteBench;
}

export interface ScaleFigure {
  readonly name: string;
  readonly atPosts: readonly {
    readonly posts: number;
    readonly readUnits: number;
    readonly writeUnits: number;
    readonly handlerMedianMs: number;
    readonly rawMedianMs: number;
  }[];
  readonly equal: boolean;
}

export interface SeedFigure {
  readonly posts: number;
  /** Pending moderation items written with the posts (one per `queueEvery` posts). */
  readonly queueItems: number;
  readonly ms: number;
  readonly itemsPerSecond: number;
  readonly parallelRequests: number;
}

export interface ScaleOptions {
  readonly fx: Fixtures;
  readonly communityId: string;
  readonly sizes: readonly number[];
  readonly checks: readonly ScaleCheck[];
  readonly parallel: number;
  /** One pending moderation item for every this many posts (the queue grows with the table). */
  readonly queueEvery: number;
  /** The queue item record of a seeded post (lambdas/store/entities/moderation-item.ts moderationItem). */
  readonly queueRecord: (post: Post, createdAt: string) => Record<string, unknown>;
  /** Items written with each seeded post (n: its position): e.g. an idea tally that puts it on the board. */
  readonly alsoWrite?: (post: Post, n: number) => Record<string, unknown>;
  readonly measure: (routes: readonly RouteBench[]) => Promise<RouteFigure[]>;
  readonly log: (line: string) => void;
}

export async function measureScale(options: ScaleOptions): Promise<{ checks: ScaleFigure[]; seeding: SeedFigure[] }> {
  const { fx, communityId } = options;
  await fx.community(communityId);
  const seeding: SeedFigure[] = [];
  const results = new Map<string, ScaleFigure['atPosts'][number][]>(options.checks.map((c) => [c.name, []]));
  let written = 0;
  // Posts 1 ms apart, oldest first, ending now: their ULIDs and createdAt sort like real posts.
  const total = Math.max(...options.sizes);
  const start = Date.now() - total;
  for (const size of [...options.sizes].sort((a, b) => a - b)) {
    const posts = Array.from({ length: size - written }, (_, n) => {
      const at = start + written + n;
      return fx.post({ communityId, authorId: `bench-scale-${(written + n) % 997}`, createdAt: new Date(at).toISOString() });
    });
    const queued = [
      ...posts.filter((_, n) => (written + n) % options.queueEvery === 0).map((p) => options.queueRecord(p, p.createdAt)),
      ...(options.alsoWrite ? posts.map((p, n) => options.alsoWrite!(p, written + n)) : []),
    ];
    const t0 = performance.now();
    await fx.batchWritePosts(posts, options.parallel);
    await fx.batchWriteItems(queued, options.parallel);
    const ms = performance.now() - t0;
    const items = posts.length + queued.length;
    seeding.push({
      posts: posts.length,
      queueItems: queued.length,
      ms: Math.round(ms),
      itemsPerSecond: Math.round(items / (ms / 1000)),
      parallelRequests: options.parallel,
    });
    written = size;
    options.log(
      `  ${size} posts and ${Math.ceil(size / options.queueEvery)} pending moderation items in the table (${items} written in ${(ms / 1000).toFixed(1)} s)`,
    );
    const figures = await options.measure(options.checks.map((c) => c.route(communityId)));
    options.checks.forEach((check, n) => {
      const f = figures[n]!;
      results
        .get(check.name)!
        .push({ posts: size, readUnits: f.readUnits, writeUnits: f.writeUnits, handlerMedianMs: f.handlerMedianMs, rawMedianMs: f.rawMedianMs });
    });
  }
  const checks = options.checks.map((c) => {
    const atPosts = results.get(c.name)!;
    const equal = atPosts.every((a) => a.readUnits === atPosts[0]!.readUnits && a.writeUnits === atPosts[0]!.writeUnits);
    return { name: c.name, atPosts, equal };
  });
  return { checks, seeding };
}
