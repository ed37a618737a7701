import { apiRequestFloor, apiRequestUsage, billedLambdaMs, costOf, gbSeconds, times } from '../../../lambdas/finance/cost';
import { PRICE_NAMES, type Price, type PriceName, type PriceTable } from '../../../lambdas/finance/pricing';

/** Round numbers so every expected value below is computed by hand. */
const PRICES: Record<PriceName, [usd: number, per: number]> = {
  apiGatewayHttpRequest: [1, 1_000_000],
  lambdaRequest: [0.2, 1_000_000],
  lambdaArmGbSecond: [0.00001, 1],
  dynamoDbWriteRequestUnit: [0.625, 1_000_000],
  dynamoDbReadRequestUnit: [0.125, 1_000_000],
  dynamoDbStorageGbMonth: [0.25, 1],
  sqsRequest: [0.4, 1_000_000],
  snsRequest: [0.5, 1_000_000],
  snsDeliveryToSqs: [0, 1_000_000],
  s3PutRequest: [0.005, 1000],
  s3GetRequest: [0.0004, 1000],
  s3StorageGbMonth: [0.023, 1],
  athenaTbScanned: [5, 1],
  cloudWatchLogsIngestionGb: [0.5, 1],
  apiGatewayWebSocketMessage: [1, 1_000_000],
  apiGatewayWebSocketConnectionMinute: [0.25, 1_000_000],
};
const table: PriceTable = {
  version: 'test',
  region: 'us-east-1',
  currency: 'USD',
  note: 'test prices',
  prices: Object.fromEntries(
    PRICE_NAMES.map((name): [PriceName, Price] => [
      name,
      { usd: PRICES[name][0], per: PRICES[name][1], unit: 'unit', tier: 'test', source: 'https://aws.amazon.com/pricing/', checked: '2026-11-23' },
    ]),
  ) as Record<PriceName, Price>,
};

describe('billedLambdaMs', () => {
  test('rounds each invocation up to the next whole millisecond', () => {
    expect(billedLambdaMs(12.01)).toBe(13);
    expect(billedLambdaMs(12)).toBe(12);
  });

  test('bills at least 1 ms', () => {
    expect(billedLambdaMs(0)).toBe(1);
    expect(billedLambdaMs(0.2)).toBe(1);
  });

  test('refuses a negative duration', () => {
    expect(() => billedLambdaMs(-1)).toThrow('durationMs must be a number >= 0, got -1');
  });
});

describe('gbSeconds', () => {
  test('is invocations x billed seconds x memory in GB', () => {
    // 1,000 x 0.013 s x 1 GB
    expect(gbSeconds(1000, 12.4, 1024)).toBeCloseTo(13, 10);
    // 10 x 0.1 s x 0.5 GB
    expect(gbSeconds(10, 100, 512)).toBeCloseTo(0.5, 10);
  });
});

describe('costOf', () => {
  test('prices an API request dimension by dimension', () => {
    const cost = costOf(table, apiRequestUsage({ durationMs: 9.3, memoryMb: 1024, readRequestUnits: 3.5, writeRequestUnits: 0 }));

    expect(cost.apiGateway).toBeCloseTo(0.000001, 15);
    expect(cost.lambdaRequests).toBeCloseTo(0.0000002, 15);
    // 10 ms at 1 GB = 0.01 GB-s x $0.00001
    expect(cost.lambdaDuration).toBeCloseTo(0.0000001, 15);
    // 3.5 RRU x $0.125 / 1e6
    expect(cost.dynamoDbReads).toBeCloseTo(0.0000004375, 15);
    expect(cost.dynamoDbWrites).toBe(0);
    expect(cost.total).toBeCloseTo(0.0000017375, 15);
  });

  test('prices queue, lake and log usage', () => {
    const cost = costOf(table, {
      apiRequests: 0,
      lambdaInvocations: 0,
      lambdaDurationMs: 0,
      lambdaMemoryMb: 1024,
      readRequestUnits: 0,
      writeRequestUnits: 0,
      sqsRequests: 2,
      s3PutRequests: 1,
      s3GetRequests: 10,
      logBytes: 1024 ** 3,
    });

    expect(cost.sqs).toBeCloseTo(0.0000008, 15);
    // 1 x $0.000005 + 10 x $0.0000004
    expect(cost.s3).toBeCloseTo(0.000009, 15);
    expect(cost.logs).toBeCloseTo(0.5, 15);
    expect(cost.lambdaDuration).toBe(0);
    expect(cost.total).toBeCloseTo(0.5000098, 12);
  });
});

describe('times and the floor', () => {
  test('a million requests cost a million times one', () => {
    const perMillion = times(costOf(table, apiRequestUsage({ durationMs: 20, memoryMb: 1024, readRequestUnits: 1, writeRequestUnits: 18 })), 1e6);

    // $1 + $0.20 + 0.02 GB-s x $0.00001 x 1e6 = $0.20 + 1 x $0.125 + 18 x $0.625
    expect(perMillion.apiGateway).toBeCloseTo(1, 10);
    expect(perMillion.lambdaRequests).toBeCloseTo(0.2, 10);
    expect(perMillion.lambdaDuration).toBeCloseTo(0.2, 10);
    expect(perMillion.dynamoDbReads).toBeCloseTo(0.125, 10);
    expect(perMillion.dynamoDbWrites).toBeCloseTo(11.25, 10);
    expect(perMillion.total).toBeCloseTo(12.775, 10);
  });

  test('the floor bills only the DynamoDB time and the budgeted units', () => {
    const floor = costOf(table, apiRequestFloor({ dynamoDbMs: 7.2, memoryMb: 1024, readRequestUnits: 1, writeRequestUnits: 0 }));

    // $0.000001 + $0.0000002 + 0.008 GB-s x $0.00001 + $0.000000125
    expect(floor.lambdaDuration).toBeCloseTo(0.00000008, 15);
    expect(floor.total).toBeCloseTo(0.000001405, 15);
  });
});
