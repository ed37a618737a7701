import { consumeRateWindow, rateWindowKey } from '../../../../lambdas/store/entities/rate-window';

describe('rate window', () => {
  const rate = { action: 'post', scope: 'outdoor-gear', memberId: 'm1' };

  it('is one counter per action, scope, member and window', () => {
    expect(rateWindowKey(rate, 1_700_000_040)).toEqual({ pk: 'RATE#post#outdoor-gear#m1', sk: 'WINDOW#1700000040' });
    expect(rateWindowKey({ ...rate, scope: 'kitchen' }, 1_700_000_040)).not.toEqual(rateWindowKey(rate, 1_700_000_040));
  });

  it('expires one window after it closes', () => {
    const input = consumeRateWindow('t', rate, 5, 1_700_000_040, 60);
    expect(input.Key).toEqual(rateWindowKey(rate, 1_700_000_040));
    expect(Object.values(input.ExpressionAttributeValues ?? {})).toContain(1_700_000_040 + 120);
  });
});
