import { etagOf, expectedVersion } from '../../../lambdas/http/conditional';

describe('If-Match and ETags', () => {
  it('builds a strong ETag from a version', () => {
    expect(etagOf({ version: 7 })).toBe('"7"');
  });

  it('reads If-Match lists, the wildcard and a missing header', () => {
    expect(expectedVersion('"1", "3"')).toEqual([1, 3]);
    expect(expectedVersion(' * ')).toBe('any');
    expect(expectedVersion(undefined)).toBe('unstated');
  });

  it('never matches a weak or malformed tag', () => {
    expect(expectedVersion('W/"3"')).toEqual([]);
    expect(expectedVersion('3, "x"')).toEqual([]);
  });
});
