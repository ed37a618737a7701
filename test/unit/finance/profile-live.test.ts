import { profileUsage, type WorkloadProfile } from '../../../lambdas/finance/profile';

const base: WorkloadProfile = {
  members: 1000,
  monthlyActiveShare: 0.5,
  requestsPerActiveMember: { getMe: 1 },
  clientEventsPerActiveMember: 0,
  clientEventsPerRequest: 20,
  moderationDecisionsPerPost: 0,
  publisherRecordsPerInvocation: 20,
  publisherMsPerInvocation: 40,
  eventsPerLakeObject: 200,
  archiverMsPerInvocation: 250,
  lakeBytesPerEvent: 150,
  athenaQueriesPerMonth: 0,
  athenaMbScannedPerQuery: 0,
};
const measured = {
  routes: [
    { operationId: 'getMe', group: 'members', handlerMedianMs: 5, readUnits: 0, writeUnits: 0 },
    { operationId: 'recordEvents', group: 'events', handlerMedianMs: 5, readUnits: 0, writeUnits: 0 },
    { operationId: 'claimNextItem', group: 'moderation', handlerMedianMs: 5, readUnits: 0, writeUnits: 0 },
    { operationId: 'decideItem', group: 'moderation', handlerMedianMs: 5, readUnits: 0, writeUnits: 0 },
  ],
  lambdaMemoryMb: 1024,
  measuredAt: '2026-11-30',
};

test("a profile's live figures become socket messages, connection minutes, socket invocations and their writes", () => {
  const live = { liveConnectionsPerActiveMember: 10, liveConnectionMinutesPerActiveMember: 100, liveMessagesPerActiveMember: 40, liveMsPerInvocation: 30 };

  const { usage, assumptions } = profileUsage('test', { ...base, ...live }, measured);

  // 500 active members.
  expect(usage.live).toMatchObject({ messages: 20_000, connectionMinutes: 50_000 });
  expect(usage.functions.find((f) => f.name === 'live-authorizer')).toEqual({ name: 'live-authorizer', memoryMb: 256, invocations: 5000, durationMs: 150_000 });
  expect(usage.functions.find((f) => f.name === 'live')).toEqual({ name: 'live', memoryMb: 256, invocations: 10_000, durationMs: 300_000 });
  expect(usage.dynamoDb.writeUnits).toBe(10_000);
  expect(assumptions.at(-1)).toContain('10 sockets, 100 connection minutes and 40 frames per active member');
});

test('a profile without live figures has no live usage', () => {
  const { usage } = profileUsage('test', base, measured);
  expect(usage.live).toBeUndefined();
  expect(usage.functions.map((f) => f.name)).not.toContain('live');
});
