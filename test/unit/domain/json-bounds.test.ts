/** Measuring a JSON value without recursion: the bounds hold at their edge and the walk survives any depth. */
import { describeBreach, jsonBreach } from '../../../lambdas/domain/json-bounds';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return value;
};

describe('jsonBreach', () => {
  test('a value exactly at the depth bound keeps it; one level more breaks it', () => {
    expect(jsonBreach(nested(4), { maxDepth: 4, maxChars: 1000 })).toBeUndefined();
    expect(jsonBreach(nested(5), { maxDepth: 4, maxChars: 1000 })).toEqual({ bound: 'depth', limit: 4 });
    expect(jsonBreach('a scalar', { maxDepth: 0, maxChars: 1000 })).toBeUndefined();
  });

  test('a value whose JSON is at the size bound keeps it; one character more breaks it', () => {
    const value = { ab: 'xyz', n: [1, true, null] };
    const chars = JSON.stringify(value).length;
    expect(jsonBreach(value, { maxDepth: 4, maxChars: chars })).toBeUndefined();
    expect(jsonBreach(value, { maxDepth: 4, maxChars: chars - 1 })).toEqual({ bound: 'size', limit: chars - 1 });
  });

  test('a value nested 200,000 levels deep is measured without overflowing the stack', () => {
    const deep = nested(200_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(jsonBreach(deep, { maxDepth: 16, maxChars: Number.POSITIVE_INFINITY })).toEqual({ bound: 'depth', limit: 16 });
    expect(describeBreach({ bound: 'depth', limit: 16 })).toBe('nests deeper than 16 levels of objects and arrays');
  });
});
