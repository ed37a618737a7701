/**
 * The ledger over HTTP against the local runtime: the route answers what `npm run ledger` computes
 * (the same use case on the same adapters, built as bin/ledger.ts builds them), with moderation work
 * measured from the real audit (claim -> decision through the API) and the lake measures the
 * ledger-measures job computed on DuckDB and stored in DynamoDB Local, where the route reads them.
 */
import { dirname } from 'node:path';
import type { Ledger } from '../../lambdas/api/finance-schemas';
import { buildLedger } from '../../lambdas/finance/ledger';
import { refreshLedgerMeasures } from '../../lambdas/finance/ledger-measures';
import { localLedgerDeps } from '../../local/ledger-deps';
import { api, tokenFor } from './support/api';
import { member, openCommunity } from './support/fixtures';
import { resolveLocalhostNames } from './support/local-aws';
import { pollUntil } from './support/poll';

const local = process.env.COST_USAGE_FILE && process.env.AWS_ENDPOINT_URL_DYNAMODB && process.env.AWS_ENDPOINT_URL_S3;
const describeLocal = local ? describe : describe.skip;

/** What may differ between two computations a moment apart: the time, and infrastructure every community shares (other tests run meanwhile). */
const comparable = (l: Ledger) => ({
  ...l,
  generatedAt: undefined,
  weeks: l.weeks.map((w) => ({ ...w, infrastructure: { ...w.infrastructure, sharedUsd: undefined } })),
  totals: { ...l.totals, sharedInfrastructureUsd: undefined },
});

describeLocal('GET /v1/finance/ledger', () => {
  let restore: () => void;
  beforeAll(() => {
    restore = resolveLocalhostNames();
  });
  afterAll(() => restore());

  test('answers the figures npm run ledger computes, with the moderation handle time from the audit', async () => {
    const { communityId, manager } = await openCommunity('ledger');
    await manager.put(`/v1/communities/${communityId}/moderation-policy`, { watchedTerms: ['refund'], blockedTerms: [], reportThreshold: 100 });
    const author = await member('author');
    await author.post(`/v1/communities/${communityId}/posts`, { kind: 'review', title: 'Tent', body: 'Dry all week', productIds: ['SKU-LEDGER'], rating: 5 });
    const held = await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Torn fly', body: 'refund please' });
    const itemId = `post-${held.body.postId as string}`;
    const moderator = await member('moderator', ['moderators']);
    const leased = await moderator.put(`/v1/moderation/items/${itemId}/lease`);
    const decided = await moderator.post(`/v1/moderation/items/${itemId}/decision`, { action: 'approve', version: leased.body.version });
    expect([leased.status, decided.status]).toEqual([200, 200]);
    const today = new Date().toISOString().slice(0, 10);
    const query = { communityId, from: today, to: today };
    const { deps, refresh, close } = localLedgerDeps({
      dataDir: dirname(process.env.COST_USAGE_FILE!),
      dynamodb: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
      s3: process.env.AWS_ENDPOINT_URL_S3!,
    });
    try {
      // The lake fills as the pipeline archives: run the measures job until the review is there.
      const cli = await pollUntil(
        async () => {
          await refreshLedgerMeasures(refresh, communityId);
          return buildLedger(deps, query);
        },
        (l) => l.weeks.at(-1)?.measures.reviews === 1,
        30_000,
      );
      const finance = api(await tokenFor('finance-ledger', ['finance']));
      const served = await finance.get(`/v1/finance/ledger?communityId=${communityId}&from=${today}&to=${today}`);

      expect(served.status).toBe(200);
      expect(comparable(served.body as Ledger)).toEqual(comparable(cli));
      const week = cli.weeks.at(-1)!;
      expect(week.labor).toMatchObject({ tasks: 1, completedTasks: 1 });
      expect(week.labor.handleHours.moderator).toBeGreaterThan(0);
      expect(week.valueUsd).toBe(4); // one review at pricing/value.json's $4
    } finally {
      close();
    }
  }, 60_000);

  test('refuses a period that ends before it starts, and an unknown community', async () => {
    const finance = api(await tokenFor('finance-ledger', ['finance']));

    const backwards = await finance.get('/v1/finance/ledger?communityId=outdoor-gear&from=2026-11-10&to=2026-11-01');
    const unknown = await finance.get('/v1/finance/ledger?communityId=no-such-community-here');

    expect(backwards.status).toBe(400);
    expect(backwards.body.detail).toContain('from must not be after to');
    expect(unknown.status).toBe(404);
  });
});
