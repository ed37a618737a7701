import { versionMatches } from '../../../lambdas/domain/versions';

describe('expected versions', () => {
  it('lets a change apply when the object is at a version it was made on', () => {
    expect(versionMatches([3], 3)).toBe(true);
    expect(versionMatches([1, 3], 3)).toBe(true);
    expect(versionMatches('any', 9)).toBe(true);
  });

  it('refuses a change made on another version, on no version, or on none stated', () => {
    expect(versionMatches([2], 3)).toBe(false);
    expect(versionMatches([], 3)).toBe(false);
    expect(versionMatches('unstated', 3)).toBe(false);
  });
});
