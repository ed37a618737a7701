import unhomoglyph from 'unhomoglyph/data.json' with { type: 'json' };
import { CONFUSABLES } from '../../../lambdas/moderation/confusables';
import { decodeConfusables, encodeConfusables, reachableCharacters } from '../../../lambdas/moderation/confusables-codec';
import { skeletons, skeletonsWith } from '../../../lambdas/moderation/screening';

/** Unicode's confusables as the package ships them: the whole table the compact one stands for. */
const table: Readonly<Record<string, string>> = unhomoglyph;
const withWholeTable = skeletonsWith((c) => table[c]);

describe('the compact confusables data', () => {
  it('is the installed package’s data (run bin/confusables.ts when the package changes)', () => {
    expect(CONFUSABLES).toEqual(encodeConfusables(table, reachableCharacters()));
  });

  it('gives the same skeletons as the package’s whole table for every code point in it, alone and inside a word', () => {
    const differing = Object.keys(table).filter((c) => {
      const alone = JSON.stringify(skeletons(c)) !== JSON.stringify(withWholeTable(c));
      const inWord = JSON.stringify(skeletons(`a${c}b`)) !== JSON.stringify(withWholeTable(`a${c}b`));
      return alone || inWord;
    });
    expect(differing).toEqual([]);
  });

  it('keeps the prototype of every character it keeps, and leaves out only characters screening never looks up', () => {
    const decoded = decodeConfusables(CONFUSABLES);
    const reachable = reachableCharacters();
    for (const [c, prototype] of decoded) expect([c, prototype]).toEqual([c, table[c]]);
    const leftOut = Object.keys(table).filter((c) => !decoded.has(c));
    expect(leftOut.filter((c) => reachable.has(c))).toEqual([]);
    // The mathematical alphabets, full-width forms and precomposed letters: NFKC or NFD turns them into others.
    expect(leftOut.length).toBeGreaterThan(3000);
    expect(decoded.size + leftOut.length).toBe(Object.keys(table).length);
  });

  it('still sees through homoglyphs: Cyrillic, Greek and mathematical look-alikes of a Latin word', () => {
    const [latin] = skeletons('scam');
    expect(skeletons('ѕсаm')[0]).toBe(latin);
    expect(skeletons('𝐬𝐜𝐚𝐦')[0]).toBe(latin);
    expect(skeletons('ЅСАМ')[1]).toBe(skeletons('SCAM')[1]);
  });
});
