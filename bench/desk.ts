/**
 * The response desk's benchmark entries. A community with a response policy and open questions is
 * written by the runtime's own use cases (putResponsePolicy, createPost) on DynamoDB Local, so every
 * desk item and counter is what production writes; the reads measured here (the desk list, stats,
 * SLO) change nothing, so they need no twins. The transitions' budgets (entering, an official
 * response, claim, lease, close, an accepted answer) are stated with the units measured through the
 * use cases on DynamoDB Local (BENCHMARKS.md; README "Responding (retail team)").
 */
import { ResponsePolicy } from '../lambdas/api/desk-schemas';
import type { Group } from '../lambdas/api/schemas';
import { putResponsePolicy } from '../lambdas/desk/desk';
import type { Caller } from '../lambdas/domain/caller';
import type { ChorusDeps } from '../lambdas/domain/ports';
import { createPost } from '../lambdas/posts/posts';
import type { BenchCaller, BenchData, RouteBench } from './routes';

export const DESK_COMMUNITY = 'bench-desk';
const OPEN_QUESTIONS = 30;

const caller = (memberId: string, ...groups: Group[]): Caller => ({ memberId, username: memberId, groups: new Set<Group>(['members', ...groups]) });
const staff: BenchCaller = { memberId: 'bench-desk-staff', groups: ['retail-staff'] };

/** A community with the default response policy and open questions on its desk. */
export async function writeDeskData(d: BenchData, deps: ChorusDeps): Promise<void> {
  await d.fx.community(DESK_COMMUNITY);
  await putResponsePolicy(deps, caller('bench-desk-manager', 'community-managers'), DESK_COMMUNITY, ResponsePolicy.parse({}));
  for (let n = 0; n < OPEN_QUESTIONS; n++)
    await createPost(deps, caller(`bench-desk-asker-${n}`), DESK_COMMUNITY, {
      kind: 'question',
      title: `Question ${n}`,
      body: 'Does it fit?',
      productIds: [],
      tags: [],
    });
}

/** Budgets: measured units, with the items behind them. */
export const DESK_BUDGETS = {
  listDeskItems: {
    read: 2,
    write: 0,
    reason: "one Query of the community's open partition of byCommunityQueue, a page of 20 desk items of ~0.6 KB (eventually consistent: 0.5 per 4 KB)",
  },
  getDeskStats: {
    read: 3,
    write: 0,
    reason:
      "five small reads at any backlog (2.5 measured): the community's backlog counters (0.5), its due-hour counters up to 62 days ahead (one Query, 0.5), this hour's due minutes (0.5), the head of its byWaitingSince partition (0.5), the window's day summaries with their wait histograms (one Query, 0.5 up to 4 KB)",
  },
  getDeskSlo: {
    read: 2,
    write: 0,
    reason: 'the response policy (projected, 0.5), the 28 days of day summaries (one Query, 0.5) and the last 72 hour summaries (one Query, 0.5): 1.5 measured',
  },
  // Transitions, measured through the use cases (not separate routes: they ride on the content's own transaction).
  enterDesk: {
    read: 0,
    write: 10,
    reason:
      "added to the post's create transaction (13 -> 23 measured): the desk item (~0.6 KB, 2 transactional) with its byClaimQueue, byModerationStatus, byCommunityQueue and byWaitingSince entries (2 each), the community's backlog, due-day and due-hour counters (2 each, DynamoDB Local reports fewer)",
  },
  officialResponse: {
    read: 1,
    write: 14,
    reason:
      "added to a staff comment (13 -> 27 measured): a consistent read of the desk item (1), its write leaving the claim and waiting indexes, the backlog and due counters, the day's and the hour's response summaries (2 each)",
  },
  claimNextDeskItem: {
    read: 0.5,
    write: 10,
    reason:
      'the head of CLAIM#desk (or the community partition), one item (0.5); the item moved from byClaimQueue to byLeaseExpiry and its list copies rewritten (10)',
  },
  leaseDeskItem: { read: 1, write: 10, reason: 'a consistent read of the item (1); the same write as a claim (10)' },
  closeDeskItem: {
    read: 1,
    write: 16,
    reason: 'a consistent read (1); the item out of every open index, the backlog and due counters and the response summaries (16)',
  },
  acceptAnswer: {
    read: 2.5,
    write: 28,
    reason:
      'the question, the comment and the desk item (2.5); the question replaced with its answered-partition key and the desk item responded, with counters (28)',
  },
} as const;

export function deskRoutes(): RouteBench[] {
  return [
    {
      name: 'desk page of 20',
      operationId: 'listDeskItems',
      status: 200,
      budget: DESK_BUDGETS.listDeskItems,
      prepare: async () => ({ query: `communityId=${DESK_COMMUNITY}&limit=20`, caller: staff }),
    },
    {
      name: 'desk stats',
      operationId: 'getDeskStats',
      status: 200,
      budget: DESK_BUDGETS.getDeskStats,
      prepare: async () => ({ query: `communityId=${DESK_COMMUNITY}&windowDays=7`, caller: staff }),
    },
    {
      name: 'desk SLO',
      operationId: 'getDeskSlo',
      status: 200,
      budget: DESK_BUDGETS.getDeskSlo,
      prepare: async () => ({ query: `communityId=${DESK_COMMUNITY}`, caller: staff }),
    },
  ];
}
