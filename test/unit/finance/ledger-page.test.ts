/**
 * The ledger's HTML page in headless Chromium (Debian's, through puppeteer-core): it renders its charts
 * with the expected series, no label leaves its SVG box, and a period without data says so. The
 * screenshot is kept under a temp dir for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Ledger } from '../../../lambdas/api/finance-schemas';
import { parseLaborRates } from '../../../lambdas/finance/labor';
import { buildLedger, type LedgerDeps } from '../../../lambdas/finance/ledger';
import { lakeMeasures } from '../../../lambdas/finance/ledger-measures';
import { renderLedgerHtml } from '../../../lambdas/finance/ledger-render';
import { parsePriceTable } from '../../../lambdas/finance/pricing';
import { aggregateRecords } from '../../../lambdas/finance/usage-records';
import { parseValueTable } from '../../../lambdas/finance/value';
import laborJson from '../../../pricing/labor.json';
import priceJson from '../../../pricing/aws-us-east-1.json';
import valueJson from '../../../pricing/value.json';

/** Debian's chromium on the PATH, or CHROMIUM_PATH (.ci/run installs it where it is missing). */
function chromium(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const found = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser || true'], { encoding: 'utf8' }).trim();
  if (!found || !existsSync(found)) throw new Error("no chromium on the PATH: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH");
  return found;
}

const NOW = new Date('2026-11-25T12:00:00Z');
/** Ten weeks from Monday 14 September 2026; value grows 30 a week towards a cost of about $560 (fixed staffing). */
const WEEKS = 10;
const lakeRows = (sql: string): Record<string, unknown>[] =>
  sql.includes('AS cohort')
    ? [{ week: 0, cohort: 10, retained: 4 }]
    : Array.from({ length: WEEKS }, (_, w) => ({
        week: w,
        active_members: 40 + 20 * w,
        contributors: 10 + 5 * w,
        new_members: 20,
        posts: 5 + w,
        reviews: 5 + 6 * w,
        comments: 12 + 3 * w,
        product_link_clicks: 40 + 10 * w,
      }));

const deps = (withData: boolean): LedgerDeps => ({
  clock: () => NOW,
  prices: parsePriceTable(priceJson),
  usage: { usage: async (period) => aggregateRecords([], period, 'none') },
  laborRates: parseLaborRates(withData ? laborJson : { ...laborJson, defaultFixedStaffing: [], communities: {} }),
  valueTable: parseValueTable(valueJson),
  labor: { steps: async () => [] },
  openedAt: async () => new Date('2026-09-14T08:00:00Z'),
  measures: lakeMeasures({ engine: 'fixture', query: async (sql) => (withData ? lakeRows(sql) : []) }),
});

let browser: Browser;
let page: Page;
let shots: string;

beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: chromium(), args: ['--no-sandbox', '--headless=new'] });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000 });
  shots = await mkdtemp(join(tmpdir(), 'chorus-ledger-page-'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Labels whose box leaves their SVG's box (the width and height it declares). */
const overflowingLabels = () =>
  page.$$eval('svg', (svgs) =>
    svgs.flatMap((svg) => {
      const width = Number(svg.getAttribute('width'));
      const height = Number(svg.getAttribute('height'));
      return [...svg.querySelectorAll('text')].flatMap((text) => {
        const box = (text as unknown as { getBBox(): { x: number; y: number; width: number; height: number } }).getBBox();
        return box.x < 0 || box.y < 0 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5
          ? [`${text.textContent} at ${box.x.toFixed(0)},${box.y.toFixed(0)} ${box.width.toFixed(0)}x${box.height.toFixed(0)} in ${width}x${height}`]
          : [];
      });
    }),
  );

const count = (selector: string) => page.$$eval(selector, (found) => found.length);

test('the page draws cost stacked by labor and infrastructure, value, the trend to the crossover and the cumulative lines', async () => {
  const ledger: Ledger = await buildLedger(deps(true), { communityId: 'fixture', from: '2026-09-14', to: '2026-11-22' });
  await page.setContent(renderLedgerHtml(ledger), { waitUntil: 'load' });
  const png = join(shots, 'ledger.png');
  await page.screenshot({ path: png, fullPage: true });

  expect(ledger.weeks).toHaveLength(WEEKS);
  expect(ledger.crossover.status).toBe('projected');
  expect(await count('svg[data-chart="weekly"] g[data-series="labor"] rect')).toBe(WEEKS);
  expect(await count('svg[data-chart="weekly"] g[data-series="infrastructure"] rect')).toBe(WEEKS);
  expect(await count('svg[data-chart="weekly"] polyline[data-series="value"]')).toBe(1);
  expect(await count('svg[data-chart="weekly"] g[data-series="value-points"] circle')).toBe(WEEKS);
  expect(await count('svg[data-chart="weekly"] polyline[data-series="cost-trend"], svg[data-chart="weekly"] polyline[data-series="value-trend"]')).toBe(2);
  expect(await count('svg[data-chart="weekly"] g[data-series="crossover"]')).toBe(1);
  expect(await count('svg[data-chart="cumulative"] polyline')).toBe(2);
  expect(await count('svg[data-chart="cumulative"] g[data-series="cumulative-cost-points"] circle')).toBe(WEEKS);
  expect(await count('svg[data-chart="cumulative"] g[data-series="cumulative-value-points"] circle')).toBe(WEEKS);
  expect(await overflowingLabels()).toEqual([]);
  // Currency for people: whole dollars from $100, with thousands separators.
  expect(await page.$eval('body', (b) => b.textContent)).toMatch(/\$\d{1,3},\d{3}\b/);
  expect((await stat(png)).size).toBeGreaterThan(10_000);
}, 60_000);

test('a period without data says "no data in this period" instead of empty charts', async () => {
  const ledger = await buildLedger(deps(false), { communityId: 'fixture', from: '2026-09-14', to: '2026-09-20' });
  await page.setContent(renderLedgerHtml(ledger), { waitUntil: 'load' });
  await page.screenshot({ path: join(shots, 'ledger-empty.png'), fullPage: true });

  expect(await count('svg[data-chart="empty"]')).toBe(2);
  expect(await page.$$eval('svg[data-chart="empty"]', (svgs) => svgs.map((s) => s.textContent))).toEqual([
    expect.stringContaining('no data in this period'),
    expect.stringContaining('no data in this period'),
  ]);
  expect(await overflowingLabels()).toEqual([]);
}, 60_000);
