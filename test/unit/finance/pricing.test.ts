import { readFileSync } from 'node:fs';
import { parsePriceTable, PRICE_NAMES, unitPrice, type Price } from '../../../lambdas/finance/pricing';

const price = (usd: number, per: number): Price => ({
  usd,
  per,
  unit: 'request',
  tier: 'first tier',
  source: 'https://aws.amazon.com/lambda/pricing/',
  checked: '2026-11-23',
});
const validTable = () => ({
  version: '2026-11-23',
  region: 'us-east-1',
  currency: 'USD',
  note: 'list prices as known',
  prices: Object.fromEntries(PRICE_NAMES.map((name) => [name, price(1, 1_000_000)])),
});

describe('parsePriceTable', () => {
  test('accepts the versioned us-east-1 table and keeps its prices', () => {
    const json: unknown = JSON.parse(readFileSync(new URL('../../../pricing/aws-us-east-1.json', import.meta.url), 'utf8'));

    const table = parsePriceTable(json);

    expect(table.region).toBe('us-east-1');
    expect(table.prices.apiGatewayHttpRequest).toMatchObject({ usd: 1, per: 1_000_000 });
    expect(table.prices.lambdaArmGbSecond).toMatchObject({ usd: 0.0000133334, per: 1 });
    for (const name of PRICE_NAMES) expect(table.prices[name].source).toMatch(/^https:\/\/aws\.amazon\.com\//);
  });

  test('names a missing price', () => {
    const table = validTable();
    delete (table.prices as Record<string, unknown>).sqsRequest;

    expect(() => parsePriceTable(table)).toThrow('prices.sqsRequest must be an object, got undefined');
  });

  test('refuses a negative price, saying what it got', () => {
    const table = validTable();
    (table.prices as Record<string, Price>).lambdaRequest = price(-0.2, 1_000_000);

    expect(() => parsePriceTable(table)).toThrow('prices.lambdaRequest.usd must be a number >= 0, got -0.2');
  });

  test('refuses a price without an AWS pricing page as its source', () => {
    const table = validTable();
    (table.prices as Record<string, Price>).s3GetRequest = { ...price(0.0004, 1000), source: 'https://example.com/prices' };

    expect(() => parsePriceTable(table)).toThrow('prices.s3GetRequest.source must be an https://aws.amazon.com/ pricing page');
  });

  test('refuses a check date that is not YYYY-MM-DD', () => {
    const table = validTable();
    (table.prices as Record<string, Price>).athenaTbScanned = { ...price(5, 1), checked: '23/11/2026' };

    expect(() => parsePriceTable(table)).toThrow('prices.athenaTbScanned.checked must be a date YYYY-MM-DD, got "23/11/2026"');
  });

  test('refuses another currency', () => {
    expect(() => parsePriceTable({ ...validTable(), currency: 'EUR' })).toThrow('currency must be USD, got "EUR"');
  });
});

describe('unitPrice', () => {
  test('is the price of a single unit', () => {
    expect(unitPrice(price(1, 1_000_000))).toBe(0.000001);
    expect(unitPrice(price(0.005, 1000))).toBe(0.000005);
  });
});
