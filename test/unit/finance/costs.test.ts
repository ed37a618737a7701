import { assertFinance, resolvePeriod } from '../../../lambdas/finance/costs';
import { BadRequestError, ForbiddenError } from '../../../lambdas/domain/errors';

const now = new Date('2026-11-23T15:30:00Z');

describe('the report period', () => {
  test('defaults to this month so far', () => {
    expect(resolvePeriod({}, now)).toEqual({ from: new Date('2026-11-01T00:00:00Z'), to: now });
  });
  test('reads dates as whole UTC days, to included', () => {
    expect(resolvePeriod({ from: '2026-11-02', to: '2026-11-03' }, now)).toEqual({
      from: new Date('2026-11-02T00:00:00Z'),
      to: new Date('2026-11-04T00:00:00Z'),
    });
  });
  test("starts a period given only its last day in that day's month, the month's last day included", () => {
    expect(resolvePeriod({ to: '2026-11-30' }, now)).toEqual({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') });
    expect(resolvePeriod({ to: '2026-11-01' }, now)).toEqual({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z') });
  });
  test('refuses a period that ends before it starts, naming both ends', () => {
    expect(() => resolvePeriod({ from: '2026-11-05', to: '2026-11-01' }, now)).toThrow(BadRequestError);
    expect(() => resolvePeriod({ from: '2026-11-05', to: '2026-11-01' }, now)).toThrow(/from must be before to, got from 2026-11-05T00:00:00.000Z/);
  });
  test('refuses more than a year', () => {
    expect(() => resolvePeriod({ from: '2024-01-01', to: '2026-01-01' }, now)).toThrow(/at most 366 days/);
  });
});

test('only the finance group reads costs', () => {
  const caller = (groups: string[]) => ({ memberId: 'm', username: 'm', groups: new Set(groups) }) as Parameters<typeof assertFinance>[0];
  expect(() => assertFinance(caller(['members', 'moderators']))).toThrow(ForbiddenError);
  expect(() => assertFinance(caller(['finance']))).not.toThrow();
});
