/** The reports' SQL: date bounds that mean the same in DuckDB and Athena (Trino), computed here as literals. */
import { DEDUPLICATED_VIEW, deduplicatedViewSql, REPORTS, reportWindow } from '../../../lambdas/analytics/sql';

describe('report windows', () => {
  test('seven days are the seven UTC days up to today, both ends included, whatever the hour', () => {
    expect(reportWindow(new Date('2026-11-30T00:00:00.000Z'))).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    expect(reportWindow(new Date('2026-11-30T23:59:59.999Z'))).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    expect(reportWindow(new Date('2026-03-01T08:00:00.000Z'), 1)).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(reportWindow(new Date('2024-03-01T08:00:00.000Z'), 2)).toEqual({ from: '2024-02-29', to: '2024-03-01' });
  });

  test('refuses a window of no days or of a fraction of one', () => {
    expect(() => reportWindow(new Date(), 0)).toThrow('days must be a whole number from 1 to 3660, got 0');
    expect(() => reportWindow(new Date(), 1.5)).toThrow(/got 1.5/);
  });

  test.each(Object.keys(REPORTS))('%s bounds dt with literal days and no engine-specific date arithmetic', (name) => {
    const sql = REPORTS[name]!.sql(reportWindow(new Date('2026-11-30T10:00:00.000Z')));
    expect(sql).toContain("dt BETWEEN '2026-11-24' AND '2026-11-30'");
    // DuckDB: CAST(current_date - INTERVAL '7' DAY AS VARCHAR) = '2026-11-23 00:00:00'; Trino: '2026-11-23'.
    expect(sql).not.toMatch(/current_date|current_timestamp|now\(\)|INTERVAL/i);
  });

  test('a window that is not two days is refused before it reaches SQL', () => {
    expect(() => REPORTS['worst-rated-products']!.sql({ from: "2026-11-24' OR '1'='1", to: '2026-11-30' })).toThrow(/two YYYY-MM-DD days/);
  });
});

test('the deduplicated view partitions its window by the Hive partitions first, so their filters reach the files', () => {
  expect(deduplicatedViewSql('events')).toMatch(new RegExp(`VIEW ${DEDUPLICATED_VIEW} AS[\\s\\S]*PARTITION BY event_type, dt, event_id ORDER BY received_at`));
});
