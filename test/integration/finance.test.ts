/**
 * The local runtime records what it serves, and GET /v1/finance/costs prices it: a few calls, then
 * the report must show their invocations, DynamoDB units and cost.
 */
import { api, tokenFor, uniqueId } from './support/api';

const LOCAL = !process.env.CHORUS_TOKEN_COMMAND;

(LOCAL ? describe : describe.skip)('cost report over a real local session', () => {
  test("the report counts the session's invocations and consumed units, and prices them", async () => {
    const [manager, member, finance] = await Promise.all([
      tokenFor('cost-manager', ['community-managers']),
      tokenFor(uniqueId('cost-member'), ['members']),
      tokenFor('cost-finance', ['finance']),
    ]);
    const before = (await api(finance).get('/v1/finance/costs')).body;
    const communityId = uniqueId('cost');
    expect((await api(manager).post('/v1/communities', { communityId, name: 'Costs' })).status).toBe(201);
    for (let i = 0; i < 3; i += 1) {
      expect(
        (await api(member).post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: `Post ${i}`, body: 'What does this cost?' })).status,
      ).toBe(201);
    }
    expect((await api(member).get(`/v1/communities/${communityId}/posts`)).status).toBe(200);

    const res = await api(finance).get('/v1/finance/costs');

    expect(res.status).toBe(200);
    const report = res.body;
    const posting = (r: typeof report) => r.byFeature.find((f: { feature: string }) => f.feature === 'posting')?.usd ?? 0;
    const compute = (r: typeof report, item: string) => r.byComponent.find((c: { item: string }) => c.item === item);
    expect(report.source).toMatch(/local runtime/);
    expect(report.unitCosts[0].count - before.unitCosts[0].count).toBeGreaterThanOrEqual(3);
    expect(compute(report, 'Lambda posts').quantity).toMatch(/invocations/);
    const writes = (r: typeof report) => Number(compute(r, 'DynamoDB writes').quantity.replace(/[^0-9.]/g, ''));
    // Each post writes its item, feed entries and index entries: at least 10 units on DynamoDB Local.
    expect(writes(report) - writes(before)).toBeGreaterThanOrEqual(30);
    expect(posting(report)).toBeGreaterThan(posting(before));
    expect(report.totalUsd).toBeGreaterThan(before.totalUsd);
  });

  test('refuses a period that ends before it starts', async () => {
    const finance = await tokenFor('cost-finance', ['finance']);
    const res = await api(finance).get('/v1/finance/costs?from=2026-11-05&to=2026-11-01');
    expect(res.status).toBe(400);
  });
});
