/**
 * Demo data for the local runtime, written through the HTTP API with minted tokens, so it passes
 * the same validation and rules as any client's request. Idempotent: a community that already
 * exists is skipped with its posts, and every write carries a deterministic Idempotency-Key.
 */
import type { MintTokenOptions } from './local-issuer';
import { LocalRuntimeError } from './local-runtime-error';

export interface SeedDeps {
  readonly baseUrl: string;
  readonly mintToken: (options: MintTokenOptions) => Promise<string>;
  /** One progress line per step. */
  readonly log: (line: string) => void;
}

type Member = 'alice' | 'bob' | 'carol';

interface SeedPost {
  readonly author: Member;
  readonly body: Record<string, unknown>;
  readonly comments?: readonly { readonly author: Member; readonly body: string }[];
  readonly likedBy?: readonly Member[];
  /** Ideas: the members who vote for it. */
  readonly votedBy?: readonly Member[];
  /** Reports that put the post in the moderators' queue. */
  readonly reportedBy?: readonly { readonly member: Member; readonly reasonCode: string; readonly text?: string }[];
}

interface SeedCommunity {
  readonly communityId: string;
  readonly name: string;
  readonly description: string;
  /** The community's moderation policy (defaults where absent). */
  readonly policy?: Record<string, unknown>;
  /** The community's response policy: what waits on the retail team's desk (none: no desk). */
  readonly responsePolicy?: Record<string, unknown>;
  /** The community's idea settings: its teams (and vote budget). */
  readonly ideaSettings?: { readonly teams: readonly string[]; readonly voteBudget: number | null };
  readonly posts: readonly SeedPost[];
}

export const SEED_COMMUNITIES: readonly SeedCommunity[] = [
  {
    communityId: 'outdoor-gear',
    name: 'Outdoor Gear',
    description: 'Tents, packs and boots: what holds up out there.',
    // Gives a fresh `npm start` a queue to work: one held post and one hidden by reports.
    policy: { watchedTerms: ['refund'], blockedTerms: ['counterfeit'], reportThreshold: 2 },
    // The teams ideas are assigned to; partners of supply-chain move the ideas assigned to it.
    ideaSettings: { teams: ['supply-chain', 'sales-channel', 'product', 'ecommerce', 'stores'], voteBudget: null },
    posts: [
      {
        author: 'bob',
        body: {
          kind: 'question',
          title: 'Refund for a torn rain fly?',
          body: 'The fly of my Trailhead 2 tore on day two. Anyone got a refund for that?',
          productIds: ['SKU-10442'],
        },
      },
      {
        author: 'carol',
        body: { kind: 'discussion', title: 'Best boots deal ever', body: 'DM me for boots at 90 % off, all brands, ships today!!!' },
        reportedBy: [
          { member: 'alice', reasonCode: 'spam', text: 'Selling, not discussing' },
          { member: 'bob', reasonCode: 'spam' },
        ],
      },
      {
        author: 'alice',
        body: {
          kind: 'review',
          title: 'Trailhead 2 tent after a wet week',
          body: 'Stayed dry through four nights of rain. Poles are sturdy, the fly is a bit fiddly.',
          productIds: ['SKU-10442'],
          rating: 4,
          tags: ['tents'],
        },
        comments: [{ author: 'bob', body: 'Did you seam-seal it or was it fine out of the box?' }],
        likedBy: ['bob'],
      },
      {
        author: 'bob',
        body: {
          kind: 'question',
          title: 'Which sleeping pad for winter?',
          body: 'Looking for R-value 5 or more that packs small. Any experience?',
          tags: ['sleeping', 'winter'],
        },
        comments: [{ author: 'alice', body: 'The Insul-8 pad has been great for me down to -10 °C.' }],
      },
      {
        author: 'alice',
        body: {
          kind: 'idea',
          title: 'Rent gear before buying',
          body: 'A weekend rental that counts toward the purchase price would help first-timers.',
          tags: ['service'],
        },
        likedBy: ['bob'],
        votedBy: ['bob', 'carol'],
      },
      // A duplicate pair for the README's merge: alice voted for both.
      {
        author: 'bob',
        body: {
          kind: 'idea',
          title: 'Refill stations for gas canisters',
          body: 'Let us refill camping gas canisters in store instead of binning them.',
          tags: ['service'],
        },
        votedBy: ['alice', 'carol'],
      },
      {
        author: 'carol',
        body: { kind: 'idea', title: 'Gas canister refills in store', body: 'Throwing away half-empty canisters is a waste: refill them at the counter.' },
        votedBy: ['alice', 'bob'],
      },
      {
        author: 'carol',
        body: { kind: 'idea', title: 'Repair cafe for torn tents', body: 'A monthly evening where staff show how to patch flies and fix poles.' },
        votedBy: ['alice'],
      },
    ],
  },
  {
    communityId: 'kitchen',
    name: 'Kitchen',
    description: 'Cookware, knives and small appliances.',
    posts: [
      {
        author: 'bob',
        body: {
          kind: 'review',
          title: 'Cast iron skillet, 28 cm',
          body: 'Heavy but heats evenly. Came with a decent factory seasoning.',
          productIds: ['SKU-20117'],
          rating: 5,
          tags: ['cookware'],
        },
        likedBy: ['alice'],
      },
      {
        author: 'alice',
        body: {
          kind: 'discussion',
          title: 'Favourite knife sharpening routine?',
          body: 'Whetstone, pull-through or honing rod only? Curious what works for you.',
          tags: ['knives'],
        },
        comments: [{ author: 'bob', body: 'Honing rod weekly, whetstone twice a year.' }],
      },
    ],
  },
  {
    communityId: 'smart-home',
    name: 'Smart Home',
    description: 'Hubs, sensors, lights and everything that talks to them.',
    // Gives a fresh `npm start` a response desk to work: two open questions and a 1-star review.
    responsePolicy: { question: { withinHours: 4 }, review: { withinHours: 24, maxRating: 2 }, idea: { withinHours: 72 } },
    posts: [
      {
        author: 'alice',
        body: {
          kind: 'question',
          title: 'Does the Glow bulb work without the hub?',
          body: 'I only have Wi-Fi at home, no Zigbee hub. Will SKU-30921 pair directly?',
          productIds: ['SKU-30921'],
          tags: ['lighting'],
        },
      },
      {
        author: 'bob',
        body: {
          kind: 'review',
          title: 'Door sensor: battery life is great',
          body: 'Eight months in and still at 70 %. Pairing took a minute.',
          productIds: ['SKU-30555'],
          rating: 4,
          tags: ['sensors'],
        },
        likedBy: ['alice'],
      },
      {
        author: 'carol',
        body: {
          kind: 'review',
          title: 'Hub drops off the network every night',
          body: 'Three resets a week and support never answered. Returning it.',
          productIds: ['SKU-30100'],
          rating: 1,
          tags: ['hubs'],
        },
      },
      {
        author: 'bob',
        body: {
          kind: 'question',
          title: 'Can the thermostat follow two sensors?',
          body: 'Bedroom and living room: can SKU-30777 average them?',
          productIds: ['SKU-30777'],
          tags: ['heating'],
        },
        comments: [{ author: 'alice', body: 'Following, I want the same.' }],
      },
    ],
  },
];

/** A seed step the API refused: one line naming the step, the status and the answer. */
class SeedError extends LocalRuntimeError {}

/** Seeds the demo communities; returns how many were created and skipped. */
export async function seedDemoData(deps: SeedDeps): Promise<{ created: number; skipped: number }> {
  const tokens = {
    cara: await deps.mintToken({ user: 'cara', groups: ['community-managers'] }),
    alice: await deps.mintToken({ user: 'alice', groups: ['members'] }),
    bob: await deps.mintToken({ user: 'bob', groups: ['members'] }),
    carol: await deps.mintToken({ user: 'carol', groups: ['members'] }),
  };
  const call = async (method: string, path: string, token: string, body?: unknown, idempotencyKey?: string) => {
    const response = await fetch(`${deps.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: () => JSON.parse(text) as Record<string, unknown>, text };
  };
  const expect = (what: string, result: { status: number; text: string }, ...statuses: number[]) => {
    if (!statuses.includes(result.status))
      throw new SeedError(`seed: ${what} answered ${result.status}, expected ${statuses.join(' or ')}: ${result.text.slice(0, 300)}`);
  };

  let created = 0;
  let skipped = 0;
  for (const community of SEED_COMMUNITIES) {
    const existing = await call('GET', `/v1/communities/${community.communityId}`, tokens.alice);
    if (existing.status === 200) {
      deps.log(`seed: community ${community.communityId} exists, skipped with its posts`);
      skipped += 1;
      continue;
    }
    expect(`GET /v1/communities/${community.communityId}`, existing, 404);
    const { communityId, name, description } = community;
    const createdCommunity = await call('POST', '/v1/communities', tokens.cara, { communityId, name, description }, `seed-community-${communityId}`);
    expect(`creating community ${communityId}`, createdCommunity, 201);
    deps.log(`seed: community ${communityId} created by cara`);
    if (community.policy) {
      const policy = await call('PUT', `/v1/communities/${communityId}/moderation-policy`, tokens.cara, community.policy);
      expect(`setting the moderation policy of ${communityId}`, policy, 200);
      deps.log(`seed:   moderation policy set by cara`);
    }
    if (community.responsePolicy) {
      const policy = await call('PUT', `/v1/communities/${communityId}/response-policy`, tokens.cara, community.responsePolicy);
      expect(`setting the response policy of ${communityId}`, policy, 200);
      deps.log(`seed:   response policy set by cara (the retail team's desk)`);
    }
    if (community.ideaSettings) {
      const settings = await call('PUT', `/v1/communities/${communityId}/idea-settings`, tokens.cara, community.ideaSettings);
      expect(`setting the idea settings of ${communityId}`, settings, 200);
      deps.log(`seed:   teams ${community.ideaSettings.teams.join(', ')} set by cara`);
    }

    for (const [index, post] of community.posts.entries()) {
      const result = await call('POST', `/v1/communities/${communityId}/posts`, tokens[post.author], post.body, `seed-post-${communityId}-${index}`);
      expect(`creating a post in ${communityId}`, result, 201);
      const postId = String(result.json().postId);
      const status = String(result.json().status);
      deps.log(
        `seed:   ${String(post.body.kind)} "${String(post.body.title)}" by ${post.author} (${postId})${status === 'published' ? '' : `, ${status} for review`}`,
      );
      for (const [c, comment] of (post.comments ?? []).entries()) {
        const commented = await call('POST', `/v1/posts/${postId}/comments`, tokens[comment.author], { body: comment.body }, `seed-comment-${postId}-${c}`);
        expect(`commenting on ${postId}`, commented, 201);
        deps.log(`seed:     comment by ${comment.author}`);
      }
      for (const report of post.reportedBy ?? []) {
        const { member, ...body } = report;
        const reported = await call('POST', `/v1/posts/${postId}/reports`, tokens[member], body, `seed-report-${postId}-${member}`);
        expect(`reporting ${postId}`, reported, 201);
        deps.log(`seed:     reported by ${member} (${report.reasonCode})`);
      }
      for (const member of post.votedBy ?? []) {
        const voted = await call('PUT', `/v1/posts/${postId}/vote`, tokens[member]);
        expect(`voting for ${postId}`, voted, 200);
        deps.log(`seed:     vote by ${member}`);
      }
      for (const member of post.likedBy ?? []) {
        const reacted = await call('PUT', `/v1/posts/${postId}/reactions/like`, tokens[member]);
        expect(`liking ${postId}`, reacted, 200);
        deps.log(`seed:     like by ${member}`);
      }
    }
    created += 1;
  }
  deps.log(`seed: done (${created} communities created, ${skipped} already there)`);
  return { created, skipped };
}
