/**
 * Automated screening of new and edited content against a community's policy. Pure: the caller
 * gathers the facts (how many posts the author has, whether the text repeats), this decides.
 */
import type { ModerationPolicy, Priority, ReasonCode } from '../api/moderation-schemas';
// Unicode's confusables data (TR39 confusables.txt, as the unhomoglyph package ships it), in the
// compact form of confusables-codec.ts: 16 KB in the bundles that screen text instead of 73 KB.
import { decodeConfusables } from './confusables-codec';
import { CONFUSABLES } from './confusables';
import { DEFAULT_TRUST_THRESHOLDS } from '../members/standing';
import { DEFAULT_REPORT_WEIGHTING } from './report-weight';
import { DEFAULT_TURNAROUND_MINUTES } from './queue';

export type Verdict =
  | { readonly action: 'publish' }
  | { readonly action: 'hold' | 'reject'; readonly rule: string; readonly reason: ReasonCode; readonly priority: Priority };

export interface ScreeningFacts {
  readonly kind: 'post' | 'comment';
  /** Title and body (posts) or body (comments). */
  readonly text: string;
  /** Posts the author made in this community before this one. */
  readonly authorPostCount: number;
  /** The author posted the same text recently. */
  readonly repeated: boolean;
}

export const DEFAULT_POLICY: ModerationPolicy = {
  mode: 'post-moderation',
  newMemberReviewCount: 0,
  blockedTerms: [],
  watchedTerms: [],
  maxLinks: 5,
  holdRepeatedContent: false,
  reportThreshold: 3,
  reportWeighting: DEFAULT_REPORT_WEIGHTING,
  trustLevels: DEFAULT_TRUST_THRESHOLDS,
  turnaroundMinutes: DEFAULT_TURNAROUND_MINUTES,
};

const normalise = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Characters that show nothing but split a word for a matcher: zero-width space, joiners and
 * non-joiners, word joiner, soft hyphen, byte-order mark, combining grapheme joiner, variation
 * selectors (all Default_Ignorable_Code_Point) and the bidi embeddings, overrides, isolates and marks.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

/** Each character's prototype, decoded on the first screening (not at cold start: most requests screen nothing). */
let prototypes: ReadonlyMap<string, string> | undefined;
const prototypeOf = (c: string): string | undefined => {
  prototypes ??= decodeConfusables(CONFUSABLES);
  return prototypes.get(c);
};

/** TR39's skeleton: NFD, each character replaced by its prototype from Unicode's confusables data, NFD again. */
const tr39Skeleton = (s: string, prototype: (c: string) => string | undefined): string =>
  Array.from(s.normalize('NFD'), (c) => prototype(c) ?? c)
    .join('')
    .normalize('NFD');

/** `skeletons` with another table of prototypes (the test holds the compact table to the package's whole one). */
export const skeletonsWith =
  (prototype: (c: string) => string | undefined) =>
  (s: string): readonly [lower: string, upper: string] => {
    const visible = s.normalize('NFKC').replace(INVISIBLE, '');
    return [tr39Skeleton(visible.toLowerCase(), prototype), tr39Skeleton(visible.toUpperCase(), prototype)];
  };

/**
 * The forms terms and text are compared in: what a reader sees, not the code points sent. Both fold
 * compatibility forms (NFKC: full-width, ligatures) and drop invisible characters, then take the TR39
 * skeleton in one case. Skeletons are case-sensitive (`І` and `I` look like `l`; Cyrillic `М` looks
 * like `M`, its small `м` does not look like `m`), so a term matches when it matches in either case:
 * lower case catches small look-alikes (`а`, `ο`, `ν`), upper case capital ones and digits (`М`, `0`).
 */
export const skeletons = (s: string): readonly [lower: string, upper: string] => skeletonsWith(prototypeOf)(s);

/** Letters, digits or marks next to a match make it part of a longer word. */
const wholeWord = (term: string) => new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${escapeRegExp(term)}(?![\\p{L}\\p{N}\\p{M}])`, 'u');

/**
 * The first term found as a whole word in `text`, comparing skeletons (see `skeletons`): homoglyphs,
 * zero-width characters and bidi controls do not hide a term, and a term inside a longer word does
 * not count.
 */
export function findTerm(text: string, terms: readonly string[]): string | undefined {
  const [lower, upper] = skeletons(text);
  return terms.find((term) => {
    const [termLower, termUpper] = skeletons(term.trim());
    return termLower.length > 0 && (wholeWord(termLower).test(lower) || wholeWord(termUpper).test(upper));
  });
}

export const countLinks = (text: string): number => (text.match(/\bhttps?:\/\/\S+|\bwww\.\S+/giu) ?? []).length;

/** A fingerprint of a text that ignores case and spacing, to spot the same text posted again. */
export const contentFingerprint = (text: string): string => normalise(text).replace(/\s+/gu, ' ').trim();

/** Rules in order of severity; the first that fires decides. */
export function screen(facts: ScreeningFacts, policy: ModerationPolicy): Verdict {
  const blocked = findTerm(facts.text, policy.blockedTerms);
  if (blocked) return { action: 'reject', rule: `blocked-term:${blocked}`, reason: 'blocked-term', priority: 'high' };
  if (policy.holdRepeatedContent && facts.repeated) return { action: 'hold', rule: 'repeated-content', reason: 'repeated-content', priority: 'medium' };
  const watched = findTerm(facts.text, policy.watchedTerms);
  if (watched) return { action: 'hold', rule: `watched-term:${watched}`, reason: 'watched-term', priority: 'medium' };
  const links = countLinks(facts.text);
  if (links > policy.maxLinks) return { action: 'hold', rule: `too-many-links:${links}>${policy.maxLinks}`, reason: 'too-many-links', priority: 'medium' };
  if (facts.kind === 'post' && policy.mode === 'pre-moderation') return { action: 'hold', rule: 'pre-moderation', reason: 'pre-moderation', priority: 'low' };
  if (facts.kind === 'post' && facts.authorPostCount < policy.newMemberReviewCount) {
    return { action: 'hold', rule: `new-member:${facts.authorPostCount + 1}/${policy.newMemberReviewCount}`, reason: 'new-member', priority: 'low' };
  }
  return { action: 'publish' };
}
