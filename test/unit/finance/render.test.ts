/** The cost report as people read it: dollars and counts written for people, a note when a period is empty, labels not clipped. */
import { costReport } from '../../../lambdas/finance/cost-report';
import { parsePriceTable } from '../../../lambdas/finance/pricing';
import { renderHtml, renderTable, usd } from '../../../lambdas/finance/render';
import { aggregateRecords, type UsageRecord } from '../../../lambdas/finance/usage-records';
import priceJson from '../../../pricing/aws-us-east-1.json';

const prices = parsePriceTable(priceJson);
const period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-11T00:00:00Z') };
const ONE_CALL: UsageRecord[] = [
  {
    k: 'invocation',
    t: '2026-11-02T12:00:00.000Z',
    fn: 'posts-and-comments-with-a-long-name',
    mb: 1024,
    ms: 100,
    op: 'createPost',
    status: 201,
    member: 'ann',
    read: 1,
    write: 26,
  },
];

describe('dollars for people', () => {
  it('writes amounts below a cent out in decimals, never in exponent notation', () => {
    expect(usd(9.4e-7)).toBe('$0.00000094');
    expect(usd(0.0123)).toBe('$0.01');
    expect(usd(12.5)).toBe('$12.50');
    expect(usd(1234.4)).toBe('$1,234');
  });

  it('never prints an exponent anywhere in a report of tiny costs', () => {
    const report = costReport(prices, aggregateRecords(ONE_CALL, period), { monthlyBudgetUsd: 1 });

    expect(renderTable(report)).not.toMatch(/\de-\d/);
    expect(renderHtml(report)).not.toMatch(/\$[\d.]+e-\d/);
  });
});

describe('an empty period', () => {
  const empty = costReport(prices, aggregateRecords([], period), {});

  it('says there is no data in the table and in the HTML, instead of bare $0 and empty charts', () => {
    expect(renderTable(empty)).toMatch(/No usage recorded from 2026-11-01 to 2026-11-11/);
    const html = renderHtml(empty);
    expect(html).toMatch(/No data in this period\./);
    expect(html).toMatch(/no data in this period<\/text>/);
  });

  it('adds no such note when the period has usage', () => {
    const report = costReport(prices, aggregateRecords(ONE_CALL, period), {});

    expect(renderTable(report)).not.toMatch(/No usage recorded/);
    expect(renderHtml(report)).not.toMatch(/No data in this period/);
  });
});

describe('charts', () => {
  it('make each bar chart wide enough for its longest label (about 7 px a character)', () => {
    const report = costReport(prices, aggregateRecords(ONE_CALL, period), {});
    const html = renderHtml(report);
    const compute = /<svg[^>]*width="(\d+)"[^>]*aria-label="Compute by function">.*?<\/svg>/s.exec(html);

    expect(compute).not.toBeNull();
    const label = 'posts-and-comments-with-a-long-name';
    const labelX = Number(new RegExp(`<text x="(\\d+)" y="\\d+" text-anchor="end">${label}`).exec(compute![0])![1]);
    expect(labelX).toBeGreaterThanOrEqual(label.length * 7);
  });

  it('leave room right of the longest spend bar for its label', () => {
    const report = costReport(prices, aggregateRecords(ONE_CALL, period), { monthlyBudgetUsd: 1e-9 });
    const svg = /<svg[^>]*width="(\d+)"[^>]*aria-label="Spend against budget">.*?<\/svg>/s.exec(renderHtml(report))!;
    const width = Number(svg[1]);
    const labels = [...svg[0].matchAll(/<text x="([\d.]+)" y="(?:50|82)">([^<]*)<\/text>/g)];

    expect(labels).toHaveLength(2);
    for (const [, x, text] of labels) expect(Number(x) + text!.length * 7).toBeLessThanOrEqual(width);
  });
});

describe('counts', () => {
  it('prints requests and invocations as whole numbers', () => {
    const usage = aggregateRecords(ONE_CALL, period);
    const report = costReport(prices, { ...usage, apiRequests: 4930.02 }, {});

    expect(report.byComponent.find((c) => c.component === 'api')?.quantity).toBe('4,930 requests');
  });
});
