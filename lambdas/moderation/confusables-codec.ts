/**
 * Unicode's confusables data (TR39 confusables.txt, as the unhomoglyph package ships it) in a compact
 * form: what bundles carry instead of the package's 73 KB JSON table. confusables.ts holds the encoded
 * data, written by `node --import tsx bin/confusables.ts` from the installed package (run it when the
 * package changes; test/unit/moderation/confusables.test.ts fails until it is run).
 *
 * Two things make it small:
 * - only the characters the skeleton can meet are kept. Screening looks characters up after NFKC, a
 *   case mapping and NFD (screening.ts), so a character those change (the mathematical alphabets,
 *   full-width forms, precomposed letters: 3,784 of 6,311) is never looked up;
 * - keys are code points in ascending order, each written as its distance from the one before in
 *   base 36, comma-separated; prototypes are joined by `|` (which no prototype holds), in key order.
 */

/** The data as confusables.ts stores it. */
export interface EncodedConfusables {
  readonly keys: string;
  readonly prototypes: string;
}

const SEPARATOR = '|';

/**
 * Every character screening may look up: those in the NFD form of the lower- or upper-case form of
 * any character's NFKC form. A string's forms are made of its characters' (NFKC composes only into
 * characters that are themselves NFKC forms, and NFD takes those apart again), so this is all of them.
 */
export function reachableCharacters(): Set<string> {
  const reachable = new Set<string>();
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const folded = String.fromCodePoint(cp).normalize('NFKC');
    for (const cased of [folded.toLowerCase(), folded.toUpperCase()]) for (const c of cased.normalize('NFD')) reachable.add(c);
  }
  return reachable;
}

export function encodeConfusables(table: Readonly<Record<string, string>>, reachable: ReadonlySet<string>): EncodedConfusables {
  const entries = Object.entries(table)
    .filter(([key]) => reachable.has(key))
    .map(([key, prototype]) => [key.codePointAt(0)!, prototype] as const)
    .sort((a, b) => a[0] - b[0]);
  if (entries.some(([, prototype]) => prototype.includes(SEPARATOR) || prototype === '')) throw new Error(`a prototype holds ${SEPARATOR} or is empty`);
  let previous = 0;
  const keys = entries.map(([cp]) => {
    const delta = cp - previous;
    previous = cp;
    return delta.toString(36);
  });
  return { keys: keys.join(','), prototypes: entries.map(([, prototype]) => prototype).join(SEPARATOR) };
}

export function decodeConfusables(data: EncodedConfusables): Map<string, string> {
  const prototypes = data.prototypes.split(SEPARATOR);
  const table = new Map<string, string>();
  let cp = 0;
  data.keys.split(',').forEach((delta, i) => {
    cp += Number.parseInt(delta, 36);
    table.set(String.fromCodePoint(cp), prototypes[i]!);
  });
  return table;
}
