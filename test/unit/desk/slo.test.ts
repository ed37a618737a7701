import { BURN_RATE_ALARMS, budgetSpent, errorRateThreshold } from '../../../lambdas/desk/slo-design';
import { burnRate, histogramQuantile, sloFrom, type DeskDaySummary } from '../../../lambdas/desk/stats';

const day = (met: number, missed: number): DeskDaySummary => ({
  day: '2026-11-30',
  byKind: {
    question: { responded: met + missed, met, missed, waits: {} },
    review: { responded: 0, met: 0, missed: 0, waits: {} },
    idea: { responded: 0, met: 0, missed: 0, waits: {} },
  },
});

describe('burn-rate alarm math', () => {
  it('fires the fast alert at 14.4× and the slow one at 6× the budget rate, on 1 h + 5 min and 6 h + 30 min', () => {
    expect(BURN_RATE_ALARMS).toEqual([
      { name: 'fast', longWindowMinutes: 60, shortWindowMinutes: 5, burnRate: 14.4 },
      { name: 'slow', longWindowMinutes: 360, shortWindowMinutes: 30, burnRate: 6 },
    ]);
  });

  it('turns a burn rate into the missed share that reaches it: rate × (1 - target)', () => {
    expect(errorRateThreshold(14.4, 95)).toBe(0.72);
    expect(errorRateThreshold(6, 95)).toBe(0.3);
    expect(errorRateThreshold(14.4, 99.9)).toBe(0.0144);
  });

  it('spends 2 % of a 30-day budget in the fast window and 5 % in the slow one', () => {
    expect(budgetSpent(14.4, 60, 30)).toBeCloseTo(0.02, 10);
    expect(budgetSpent(6, 360, 30)).toBeCloseTo(0.05, 10);
  });

  it('measures a burn rate as the missed share over the allowed share', () => {
    expect(burnRate(72, 28, 95)).toBeCloseTo(5.6, 10);
    expect(burnRate(28, 72, 95)).toBeCloseTo(14.4, 10);
    expect(burnRate(0, 0, 95)).toBeNull();
  });
});

describe('the SLO from counters', () => {
  it('gives the remaining error budget and burn rates per window', () => {
    const now = new Date('2026-11-30T12:30:00.000Z');
    const slo = sloFrom('gear', { targetPercent: 95, windowDays: 28 }, [day(190, 5), day(0, 5)], [{ hour: '2026-11-30T12', met: 3, missed: 1 }], now);
    expect(slo.window).toEqual({ responded: 200, met: 190, missed: 10, attainmentPercent: 95 });
    // 5 % of 200 responses may miss: 10 allowed, 10 spent.
    expect(slo.errorBudget).toEqual({ allowedMisses: 10, spentMisses: 10, remainingPercent: 0 });
    expect(slo.burnRates).toEqual({ '1h': 5, '6h': 5, '24h': 5, '72h': 5 });
  });
});

describe('quantiles of a wait histogram', () => {
  it('take the nearest rank: the bucket of the ⌈q·n⌉-th smallest wait', () => {
    const waits = { '30': 1, '600': 1, '3600': 1, '18000': 1 };
    expect(histogramQuantile(waits, 0.5)).toBe(600);
    expect(histogramQuantile(waits, 0.9)).toBe(18_000);
    expect(histogramQuantile({ '60': 9, '7200': 1 }, 0.9)).toBe(60);
    expect(histogramQuantile({}, 0.5)).toBeNull();
  });
});
