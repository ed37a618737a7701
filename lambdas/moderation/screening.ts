/**
 * Automated screening of new and edited content against a community's policy. Pure: the caller
 * gathers the facts (how many posts the author has, whether the text repeats), this decides.
 */
import type { ModerationPolicy, Priority, ReasonCode } from '../api/moderation-schemas';

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
  turnaroundMinutes: { high: 60, medium: 240, low: 1440 },
};

const normalise = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first term found as a whole word (letters and digits around it do not count as a match). */
export function findTerm(text: string, terms: readonly string[]): string | undefined {
  const haystack = normalise(text);
  return terms.find((term) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(normalise(term.trim()))}(?![\\p{L}\\p{N}])`, 'u').test(haystack));
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
