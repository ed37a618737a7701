/**
 * How deep and how large a parsed JSON value is, measured without recursion. JSON.parse builds any
 * nesting the body's size allows (V8's parser is iterative), but JSON.stringify, structured clones,
 * loggers and schema walkers recurse: a value nested a few thousand levels deep overflows their
 * stack. So a value from outside is measured here first, and refused when over its bounds, before
 * anything recursive touches it.
 */

export interface JsonBounds {
  /** Nesting levels of objects and arrays: `1` is 1 deep, `{}` or `[]` is 1, `{"a":[1]}` is 2. */
  readonly maxDepth: number;
  /** The length of the value's JSON text (JSON.stringify's, exactly, for strings that need no escapes; escapes are not counted). */
  readonly maxChars: number;
}

export type JsonBreach = { readonly bound: 'depth'; readonly limit: number } | { readonly bound: 'size'; readonly limit: number };

/**
 * The first bound `value` breaks, or undefined when it keeps both. Stops as soon as one is broken,
 * so its cost is bounded by the limits, not by the value.
 */
export function jsonBreach(value: unknown, bounds: JsonBounds): JsonBreach | undefined {
  const stack: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  let chars = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: current, depth } = next;
    if (current === null || typeof current !== 'object') {
      chars += typeof current === 'string' ? current.length + 2 : String(current).length;
    } else {
      if (depth + 1 > bounds.maxDepth) return { bound: 'depth', limit: bounds.maxDepth };
      chars += 2;
      // Brackets, a comma between members, and for an object each "key": too.
      if (Array.isArray(current)) {
        chars += Math.max(0, current.length - 1);
        for (const item of current) stack.push({ value: item, depth: depth + 1 });
      } else {
        const entries = Object.entries(current);
        chars += Math.max(0, entries.length - 1);
        for (const [key, item] of entries) {
          chars += key.length + 3;
          stack.push({ value: item, depth: depth + 1 });
        }
      }
    }
    if (chars > bounds.maxChars) return { bound: 'size', limit: bounds.maxChars };
  }
  return undefined;
}

/** What a breach means, for a person: `nests deeper than 16 levels`, `is larger than 4096 characters as JSON`. */
export const describeBreach = (breach: JsonBreach): string =>
  breach.bound === 'depth' ? `nests deeper than ${breach.limit} levels of objects and arrays` : `is larger than ${breach.limit} characters as JSON`;
