/**
 * Issue 14's "done means", as one story over HTTP on the emulators: ideas with votes, a member votes
 * and reads the top ideas, a community manager merges two duplicates and assigns the result to
 * supply-chain, a partner of that team moves it to planned with a note, then to shipped; the voters'
 * and followers' inboxes hold each change once (with its note), the changelog lists it, and the
 * idea-pipeline report over the lake shows its lead time.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { openLake, query, syncLake } from '../../lambdas/analytics/duckdb-lake';
import { EVENTS_PREFIX } from '../../lambdas/analytics/envelope';
import { REPORTS, reportWindow } from '../../lambdas/analytics/sql';
import { api, tokenFor, uniqueId } from './support/api';
import { member, openCommunity, type Member } from './support/fixtures';
import { localAnalytics, resolveLocalhostNames } from './support/local-aws';
import { notificationsDrained } from './support/notifications';
import { pollUntil } from './support/poll';

let undoDns: () => void;
let sqs: SQSClient;
let s3: S3Client;
const dirs: string[] = [];

beforeAll(() => {
  undoDns = resolveLocalhostNames();
  sqs = new SQSClient({});
  s3 = new S3Client({ forcePathStyle: false });
});
afterAll(async () => {
  sqs.destroy();
  s3.destroy();
  undoDns();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Entry {
  readonly type: string;
  readonly summary: string;
  readonly note: string | null;
  readonly target: { readonly postId: string | null };
}
const inbox = async (who: Member) => ((await who.get('/v1/me/notifications?limit=50')).body.items as Entry[]).filter((e) => e.type.startsWith('idea.'));
const kinds = (entries: readonly Entry[]) => entries.map((e) => `${e.type} ${e.target.postId} ${e.note ?? '-'}`).sort();

/** The idea-pipeline report over a fresh copy of the local lake. */
async function pipelineReport(): Promise<Record<string, unknown>[]> {
  const { lakeBucket } = localAnalytics();
  const dir = await mkdtemp(join(tmpdir(), 'chorus-loop-lake-'));
  dirs.push(dir);
  await mkdir(dir, { recursive: true });
  await syncLake(s3, lakeBucket!, dir, EVENTS_PREFIX);
  const connection = await openLake(dir);
  const rows = await query(connection, REPORTS['idea-pipeline']!.sql(reportWindow(new Date(), 7)));
  connection.closeSync();
  return rows;
}

test('ideas with votes, a vote, the top ideas, a merge, an assignment, planned then shipped by a partner: every voter told of each change once, the changelog, the pipeline report', async () => {
  // Ideas with votes: X and Y are duplicates; one voter backs both.
  const { communityId, manager } = await openCommunity('loop', { postsPerMinute: 600 });
  const [author, onlyX, onlyY, both, newcomer] = (await Promise.all(['author', 'only-x', 'only-y', 'both', 'newcomer'].map((r) => member(`loop-${r}`)))) as [
    Member,
    Member,
    Member,
    Member,
    Member,
  ];
  const idea = async (title: string) => {
    const res = await author.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title, body: `${title}, please` });
    expect(res.status).toBe(201);
    return res.body.postId as string;
  };
  const [x, y, other] = [await idea('Gas canister refills in store'), await idea('Refill stations for gas canisters'), await idea('Repair cafe')];
  await Promise.all([onlyX.put(`/v1/posts/${x}/vote`), both.put(`/v1/posts/${x}/vote`), onlyY.put(`/v1/posts/${y}/vote`), both.put(`/v1/posts/${y}/vote`)]);
  expect((await onlyY.put(`/v1/posts/${other}/vote`)).status).toBe(200);

  // A member votes, and sees the top ideas.
  expect((await newcomer.put(`/v1/posts/${y}/vote`)).body).toEqual({ postId: y, voted: true, voteCount: 3 });
  const top = await newcomer.get(`/v1/communities/${communityId}/ideas?sort=top`);
  expect(top.body.items.map((i: { postId: string; voteCount: number; viewerHasVoted: boolean }) => [i.postId, i.voteCount, i.viewerHasVoted])).toEqual([
    [y, 3, true],
    [x, 2, false],
    [other, 1, false],
  ]);

  // A community manager (who follows X) merges the duplicates and assigns the result to supply-chain.
  expect((await manager.put(`/v1/me/follows/idea/${x}`)).status).toBe(200);
  const merged = await manager.post(`/v1/posts/${x}/merge`, { targetPostId: y });
  expect(merged.body).toMatchObject({ state: 'done', moved: 1, duplicates: 1 });
  expect((await manager.put(`/v1/posts/${y}/assignment`, { team: 'supply-chain', trackerRef: 'SC-1042' })).status).toBe(200);
  // X's followers follow Y once the notifier has handled the merge (seconds later, not in the merge's answer).
  type FollowView = { targetType: string; targetId: string; reason: string };
  const followsOf = async (who: Member) => (await who.get('/v1/me/follows')).body.items as FollowView[];
  await pollUntil(
    () => followsOf(manager),
    (seen) => seen.some((f) => f.targetId === y),
    60_000,
  );

  // A partner of that team moves it to planned with a note, then to shipped.
  const samName = uniqueId('loop-sam');
  const sam: Member = { name: samName, ...api(await tokenFor(samName, ['partners'], 'supply-chain')) };
  expect((await sam.get('/v1/partners/ideas')).body.items.map((i: { postId: string }) => i.postId)).toContain(y);
  const planned = await sam.put(`/v1/posts/${y}/idea-status`, { ideaStatus: 'planned', note: 'Piloting refills in 12 stores from March.' });
  expect(planned.body).toMatchObject({ ideaStatus: 'planned' });
  expect((await onlyX.get(`/v1/posts/${y}`)).body).toMatchObject({ voteCount: 4, viewerHasVoted: true });
  expect((await sam.put(`/v1/posts/${y}/idea-status`, { ideaStatus: 'shipped', note: 'Refills are live in every store.' })).status).toBe(200);

  // The voters' inboxes show both changes, with the notes; X's voters and followers heard of the merge once.
  const plannedEntry = `idea.status-changed ${y} Piloting refills in 12 stores from March.`;
  const shippedEntry = `idea.status-changed ${y} Refills are live in every store.`;
  const mergedEntry = `idea.merged ${y} -`;
  await pollUntil(
    () => inbox(both),
    (entries) => entries.length >= 3,
    60_000,
  );
  await pollUntil(
    () => Promise.all([onlyX, onlyY, newcomer, author, manager].map(inbox)),
    (all) => all.every((entries) => entries.length >= 2),
    60_000,
  );
  await notificationsDrained(sqs);
  expect(kinds(await inbox(onlyX))).toEqual([mergedEntry, plannedEntry, shippedEntry].sort());
  expect(kinds(await inbox(both))).toEqual([mergedEntry, plannedEntry, shippedEntry].sort());
  expect(kinds(await inbox(onlyY))).toEqual([plannedEntry, shippedEntry].sort());
  expect(kinds(await inbox(newcomer))).toEqual([plannedEntry, shippedEntry].sort());
  // The author follows both ideas (as their author): one entry per change, never two.
  expect(kinds(await inbox(author))).toEqual([mergedEntry, plannedEntry, shippedEntry].sort());
  // The manager, who merged, is not told of the merge; following X, they now follow Y and hear of its moves.
  expect(kinds(await inbox(manager))).toEqual([plannedEntry, shippedEntry].sort());
  expect(await followsOf(manager)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ targetType: 'idea', targetId: x, reason: 'explicit' }),
      expect.objectContaining({ targetType: 'idea', targetId: y, reason: 'merged' }),
    ]),
  );
  expect((await both.get(`/v1/me/notifications?limit=50`)).body.items.find((e: Entry) => e.type === 'idea.merged').summary).toBe(
    'The idea “Gas canister refills in store” was merged into “Refill stations for gas canisters”; votes for it count there',
  );

  // The changelog lists it.
  const changelog = await newcomer.get(`/v1/communities/${communityId}/changelog`);
  expect(changelog.body.items).toEqual([expect.objectContaining({ postId: y, note: 'Refills are live in every store.', team: 'supply-chain' })]);

  // The idea-pipeline report shows supply-chain's lead time once the lake has the events.
  const rows = await pollUntil(
    pipelineReport,
    (seen) => seen.some((r) => r.team === 'supply-chain' && Number(r.shipped) > 0 && r.open_to_shipped_p50_h !== null),
    60_000,
  );
  expect(rows.find((r) => r.team === 'supply-chain')).toMatchObject({ open_to_shipped_p50_h: expect.any(Number) });
}, 180_000);
