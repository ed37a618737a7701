/**
 * A versioned table of AWS list prices (pricing/<provider>-<region>.json) as plain data. Pure: the
 * caller reads the file; this module checks its shape and answers prices per single unit.
 */

/** The prices Chorus's cost model needs; a price table must carry every one of them. */
export const PRICE_NAMES = [
  'apiGatewayHttpRequest',
  'lambdaRequest',
  'lambdaArmGbSecond',
  'dynamoDbWriteRequestUnit',
  'dynamoDbReadRequestUnit',
  'dynamoDbStorageGbMonth',
  'sqsRequest',
  'snsRequest',
  'snsDeliveryToSqs',
  's3PutRequest',
  's3GetRequest',
  's3StorageGbMonth',
  'athenaTbScanned',
  'cloudWatchLogsIngestionGb',
  'apiGatewayWebSocketMessage',
  'apiGatewayWebSocketConnectionMinute',
] as const;

export type PriceName = (typeof PRICE_NAMES)[number];

/** `usd` buys `per` units of `unit`: { usd: 1, per: 1_000_000, unit: 'request' } is $1 per million requests. */
export interface Price {
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  /** Which tier or variant of the price this is. */
  readonly tier: string;
  /** The AWS pricing page the price was read from. */
  readonly source: string;
  /** When the price was last checked against the source, YYYY-MM-DD. */
  readonly checked: string;
}

export interface PriceTable {
  /** Changes whenever a price changes: figures computed with a table cite its version. */
  readonly version: string;
  readonly region: string;
  readonly currency: 'USD';
  readonly note: string;
  readonly prices: Readonly<Record<PriceName, Price>>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parsePrice(name: string, value: unknown): Price {
  const p = value as Partial<Record<keyof Price, unknown>> | undefined;
  const where = `prices.${name}`;
  if (!p || typeof p !== 'object') throw new Error(`${where} must be an object, got ${JSON.stringify(value)}`);
  if (typeof p.usd !== 'number' || !Number.isFinite(p.usd) || p.usd < 0) throw new Error(`${where}.usd must be a number >= 0, got ${JSON.stringify(p.usd)}`);
  if (typeof p.per !== 'number' || !(p.per > 0)) throw new Error(`${where}.per must be a number > 0, got ${JSON.stringify(p.per)}`);
  for (const field of ['unit', 'tier'] as const) {
    if (typeof p[field] !== 'string' || p[field].length === 0) throw new Error(`${where}.${field} must be a non-empty string, got ${JSON.stringify(p[field])}`);
  }
  if (typeof p.source !== 'string' || !p.source.startsWith('https://aws.amazon.com/')) {
    throw new Error(`${where}.source must be an https://aws.amazon.com/ pricing page, got ${JSON.stringify(p.source)}`);
  }
  if (typeof p.checked !== 'string' || !DATE.test(p.checked)) throw new Error(`${where}.checked must be a date YYYY-MM-DD, got ${JSON.stringify(p.checked)}`);
  return { usd: p.usd, per: p.per, unit: p.unit as string, tier: p.tier as string, source: p.source, checked: p.checked };
}

/** Checks a parsed price table file; throws naming the first field that is missing or wrong. */
export function parsePriceTable(json: unknown): PriceTable {
  const t = json as Partial<Record<keyof PriceTable, unknown>> | undefined;
  if (!t || typeof t !== 'object') throw new Error(`a price table must be an object, got ${JSON.stringify(json)}`);
  for (const field of ['version', 'region', 'note'] as const) {
    if (typeof t[field] !== 'string' || t[field].length === 0) throw new Error(`${field} must be a non-empty string, got ${JSON.stringify(t[field])}`);
  }
  if (t.currency !== 'USD') throw new Error(`currency must be USD, got ${JSON.stringify(t.currency)}`);
  const prices = t.prices as Record<string, unknown> | undefined;
  if (!prices || typeof prices !== 'object') throw new Error(`prices must be an object, got ${JSON.stringify(t.prices)}`);
  const parsed = Object.fromEntries(PRICE_NAMES.map((name) => [name, parsePrice(name, prices[name])])) as Record<PriceName, Price>;
  return { version: t.version as string, region: t.region as string, currency: 'USD', note: t.note as string, prices: parsed };
}

/** USD for one unit of a price: $1 per million requests is 0.000001. */
export const unitPrice = (price: Price): number => price.usd / price.per;
