import { closedDays, compactDay, mergeGroups } from '../../../lambdas/analytics/compact';
import type { CompactableLake } from '../../../lambdas/analytics/ports';

const object = (key: string, megabytes: number) => ({ key, bytes: megabytes * 1_000_000 });

/** A lake in memory behind the port (what the use case asks of S3), counting what it is asked. */
const memoryLake = (): CompactableLake & { readonly listed: string[] } => {
  const listed: string[] = [];
  return {
    listed,
    put: async () => undefined,
    list: async (prefix) => {
      listed.push(prefix);
      return [];
    },
    get: async () => new Uint8Array(),
    delete: async () => undefined,
  };
};

describe('which objects compaction merges', () => {
  it('merges the small objects in runs of at most the maximum size and leaves objects of half the maximum or more alone', () => {
    // Prepare: 100 MB maximum; a 60 MB object is already worth reading.
    const objects = [object('a', 30), object('b', 40), object('c', 60), object('d', 20), object('e', 25), object('f', 1)];

    // Act
    const groups = mergeGroups(objects, 100_000_000);

    // Assess: a, b, d (90 MB) then e, f; c untouched; no run passes 100 MB.
    expect(groups.map((g) => g.map((o) => o.key))).toEqual([
      ['a', 'b', 'd'],
      ['e', 'f'],
    ]);
    for (const g of groups) expect(g.reduce((sum, o) => sum + o.bytes, 0)).toBeLessThanOrEqual(100_000_000);
  });

  it('leaves a partition of one object, or of one small object and large ones, as it is', () => {
    expect(mergeGroups([object('a', 1)], 100_000_000)).toEqual([]);
    expect(mergeGroups([object('a', 1), object('b', 70), object('c', 90)], 100_000_000)).toEqual([]);
  });
});

describe('which days compaction touches', () => {
  it('refuses a day that has not closed (UTC)', async () => {
    const lake = memoryLake();
    const deps = { lake, clock: () => new Date('2026-11-30T00:30:00.000Z') };
    await expect(compactDay(deps, '2026-11-30')).rejects.toThrow('day 2026-11-30 has not closed yet (today is 2026-11-30 UTC)');
    await expect(compactDay(deps, '2026-12-01')).rejects.toThrow(RangeError);
    await expect(compactDay(deps, '30.11.2026')).rejects.toThrow('day must be a YYYY-MM-DD date, got 30.11.2026');
    expect(lake.listed).toEqual([]);
    // The day before is closed: every event type's partition of it is looked at.
    await compactDay(deps, '2026-11-29');
    expect(lake.listed).toContain('events/v1/event_type=post.viewed/dt=2026-11-29/');
  });

  it('looks at yesterday and the days late events may still reach', () => {
    expect(closedDays(new Date('2026-11-30T01:00:00.000Z'), 2)).toEqual(['2026-11-29', '2026-11-28', '2026-11-27']);
  });
});
