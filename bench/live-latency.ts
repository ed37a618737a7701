/**
 * Live updates latency, locally: how long from a committed write to the frame on a socket.
 *
 *   node --import tsx bench/live-latency.ts [runs]     (default 50 runs per path)
 *
 * Starts its own local runtime (free ports, in memory), opens real sockets and, per path, repeats:
 * - `queue`: a member reports a post -> the moderator's socket receives the queue's counts
 *   (table stream -> queue-counts pusher -> Management API -> socket);
 * - `notification` (when the notification routes exist): bob comments on alice's post -> alice's
 *   socket receives the notification (stream -> publisher -> topic -> notifications queue -> notifier -> socket);
 * - `push`: LivePush.toMember -> the frame (the Management API and the socket alone).
 * Each write is timed from the HTTP response (the write committed before it: a lower bound) and from
 * the request (an upper bound). Prints p50/p90/p99/max in ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { routes } from '../lambdas/api/routes';
import type { LiveFrame } from '../lambdas/live/ports';
import { LIVE_SUBPROTOCOL } from '../lambdas/live/sockets';
import { subjectFor } from '../local/local-issuer';
import { startLocal } from '../local/start-local';

const runs = Number(process.argv[2] ?? 50);
const dataDir = await mkdtemp(join(tmpdir(), 'chorus-live-latency-'));
const runtime = await startLocal({ port: 0, dynamoDbPort: 0, fauxqsPort: 0, dataDir, inMemory: true, quiet: true });

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const summary = (name: string, samples: readonly number[]): string => {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  return `${name.padEnd(44)} n=${s.length}  p50 ${f(percentile(s, 50))}  p90 ${f(percentile(s, 90))}  p99 ${f(percentile(s, 99))}  max ${f(s.at(-1)!)} ms`;
};

async function call(
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> | undefined; sentAt: number; answeredAt: number }> {
  const sentAt = performance.now();
  const response = await fetch(`${runtime.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const answeredAt = performance.now();
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, sentAt, answeredAt };
}

/** A socket whose frames resolve the waiter registered for them, stamped on arrival. */
async function listen(user: string, groups: string[]) {
  const token = await runtime.mintToken({ user, groups });
  const ws = new WebSocket(runtime.liveUrl, [LIVE_SUBPROTOCOL, token]);
  let waiter: { match: (f: LiveFrame) => boolean; resolve: (at: number) => void } | undefined;
  ws.on('message', (data) => {
    const at = performance.now();
    const frame = JSON.parse(data.toString()) as LiveFrame;
    if (waiter?.match(frame)) {
      const { resolve } = waiter;
      waiter = undefined;
      resolve(at);
    }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    next: (match: (f: LiveFrame) => boolean) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no frame within 15 s')), 15_000);
        waiter = {
          match,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      }),
  };
}

const results: string[] = [];
try {
  const manager = await runtime.mintToken({ user: 'lat-manager', groups: ['community-managers'] });
  const alice = await runtime.mintToken({ user: 'lat-alice', groups: ['members'] });
  await call('POST', '/v1/communities', manager, { communityId: 'latency', name: 'Latency', rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 } });
  const posts: string[] = [];
  for (let i = 0; i < runs; i++) {
    posts.push(String((await call('POST', '/v1/communities/latency/posts', alice, { kind: 'discussion', title: `Post ${i}`, body: 'Body.' })).body?.postId));
  }

  // queue: each report by a new reporter (one report per member and post, at most 5 a minute each).
  const moderator = await listen('lat-mo', ['moderators']);
  const fromResponse: number[] = [];
  const fromRequest: number[] = [];
  for (let i = 0; i < runs; i++) {
    const reporter = await runtime.mintToken({ user: `lat-reporter-${i}`, groups: ['members'] });
    const frame = moderator.next((f) => f.type === 'moderation-queue');
    const { sentAt, answeredAt } = await call('POST', `/v1/posts/${posts[i]}/reports`, reporter, { reasonCode: 'spam' });
    const at = await frame;
    fromResponse.push(at - answeredAt);
    fromRequest.push(at - sentAt);
  }
  results.push(summary('queue counts: from the report response', fromResponse), summary('queue counts: from the report request', fromRequest));

  // notification: only once the notification routes exist.
  if (routes.some((r) => r.path === '/v1/me/notifications')) {
    const aliceSocket = await listen('lat-alice', ['members']);
    const bob = await runtime.mintToken({ user: 'lat-bob', groups: ['members'] });
    const nFromResponse: number[] = [];
    const nFromRequest: number[] = [];
    for (let i = 0; i < runs; i++) {
      const frame = aliceSocket.next((f) => f.type === 'notification');
      const { sentAt, answeredAt } = await call('POST', `/v1/posts/${posts[i]}/comments`, bob, { body: `Comment ${i}` });
      const at = await frame;
      nFromResponse.push(at - answeredAt);
      nFromRequest.push(at - sentAt);
    }
    results.push(summary('notification: from the comment response', nFromResponse), summary('notification: from the comment request', nFromRequest));
    aliceSocket.ws.close();
  } else {
    results.push('notification: not measured (no notification routes on this branch)');
  }

  // push: the Management API and the socket alone.
  const { livePush } = await import('../lambdas/composition/live');
  const listener = await listen('lat-push', ['members']);
  const pushes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const frame = listener.next((f) => f.type === 'unread-count' && f.unreadCount === i);
    const started = performance.now();
    await livePush().toMember(subjectFor('lat-push'), { type: 'unread-count', unreadCount: i });
    pushes.push((await frame) - started);
  }
  results.push(summary('push: LivePush.toMember to the frame', pushes));
  listener.ws.close();
  moderator.ws.close();
} finally {
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
}
console.log(results.join('\n'));
