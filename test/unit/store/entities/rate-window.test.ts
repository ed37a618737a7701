import { rateWindowKey, spendFromDrainingBucket, spendFromFullBucket } from '../../../../lambdas/store/entities/rate-window';

describe('rate window', () => {
  const rate = { action: 'post', scope: 'outdoor-gear', memberId: 'm1' };
  const spend = { now: 1_700_000_040_000, spend: 12_000, window: 60_000 };

  it("is one bucket per action, scope and member, whatever the time, in the member's own partition", () => {
    expect(rateWindowKey(rate)).toEqual({ pk: 'RATE#m1', sk: 'post#outdoor-gear' });
    expect(rateWindowKey({ ...rate, action: 'comment' }).pk).toBe(rateWindowKey(rate).pk);
    expect(rateWindowKey({ ...rate, scope: 'kitchen' })).not.toEqual(rateWindowKey(rate));
    expect(spendFromFullBucket('t', rate, spend).Key).toEqual(spendFromDrainingBucket('t', rate, { ...spend, now: spend.now + 5_000 }).Key);
  });

  it('starts a full bucket over at now plus the spend, and lets a draining one run at most a window ahead', () => {
    expect(spendFromFullBucket('t', rate, spend).ExpressionAttributeValues).toMatchObject({ ':next': spend.now + 12_000, ':now': spend.now });
    expect(spendFromDrainingBucket('t', rate, spend).ExpressionAttributeValues).toMatchObject({ ':spend': 12_000, ':latest': spend.now + 60_000 - 12_000 });
  });

  it('carries no index keys: a refill writes the item alone (export and erasure Query its partition)', () => {
    const input = spendFromFullBucket('t', rate, spend);
    expect(input.UpdateExpression).not.toMatch(/member/i);
    expect(Object.values(input.ExpressionAttributeNames ?? {})).not.toEqual(expect.arrayContaining(['memberPk']));
  });

  it('expires once the bucket would be full anyway: a window after the request', () => {
    for (const input of [spendFromFullBucket('t', rate, spend), spendFromDrainingBucket('t', rate, spend)]) {
      expect(Object.values(input.ExpressionAttributeValues ?? {})).toContain(1_700_000_040 + 60);
      expect(input.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    }
  });
});
