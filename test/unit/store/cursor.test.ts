import { BadRequestError } from '../../../lambdas/domain/errors';
import { decodeCursor, encodeCursor } from '../../../lambdas/store/cursor';
import { communityFeedList } from '../../../lambdas/store/entities/post';

const feedA = communityFeedList('outdoor-gear', undefined);
const feedB = communityFeedList('kitchen', undefined);
const lastKeyOfA = { pk: 'POST#01', sk: 'POST', feedPk: 'COMMUNITY#outdoor-gear', feedSk: '01' };

const tamper = (cursor: string, change: (payload: any) => void) => {
  const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  change(payload);
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
};

describe('page cursors', () => {
  it('resume the list they came from', () => {
    const cursor = encodeCursor(feedA, lastKeyOfA)!;
    expect(decodeCursor(feedA, cursor)).toEqual(lastKeyOfA);
  });

  it('are null on the last page', () => {
    expect(encodeCursor(feedA, undefined)).toBeNull();
  });

  it('refuse to be replayed into another list', () => {
    const cursor = encodeCursor(feedA, lastKeyOfA)!;
    expect(() => decodeCursor(feedB, cursor)).toThrow(BadRequestError);
    expect(() => decodeCursor(communityFeedList('outdoor-gear', 'idea'), cursor)).toThrow(/another list/);
  });

  it('refuse a position edited to point into another partition', () => {
    const forged = tamper(encodeCursor(feedA, lastKeyOfA)!, (p) => {
      p.k.feedPk = 'COMMUNITY#kitchen';
    });
    expect(() => decodeCursor(feedA, forged)).toThrow(/another list/);
  });

  it('refuse extra or missing key attributes and non-string values', () => {
    const extra = tamper(encodeCursor(feedA, lastKeyOfA)!, (p) => {
      p.k.admin = 'yes';
    });
    const numeric = tamper(encodeCursor(feedA, lastKeyOfA)!, (p) => {
      p.k.feedSk = 5;
    });
    expect(() => decodeCursor(feedA, extra)).toThrow(/wrong shape/);
    expect(() => decodeCursor(feedA, numeric)).toThrow(/wrong shape/);
  });

  it.each(['not a cursor', 'eyJ2IjoxfQ', '%%%', 'x'.repeat(3000)])('refuse garbage %#', (garbage) => {
    expect(() => decodeCursor(feedA, garbage)).toThrow(BadRequestError);
  });
});
