import type { ModerationPolicy } from '../../../lambdas/api/moderation-schemas';
import { countLinks, DEFAULT_POLICY, findTerm, screen, type ScreeningFacts } from '../../../lambdas/moderation/screening';

const policy = (over: Partial<ModerationPolicy> = {}): ModerationPolicy => ({ ...DEFAULT_POLICY, ...over });
const post = (text: string, over: Partial<ScreeningFacts> = {}): ScreeningFacts => ({ kind: 'post', text, authorPostCount: 10, repeated: false, ...over });
const strict = policy({
  blockedTerms: ['scam', 'buy followers'],
  watchedTerms: ['refund', 'lawsuit'],
  maxLinks: 2,
  newMemberReviewCount: 3,
  holdRepeatedContent: true,
});

describe('screening rules as data', () => {
  it.each<[string, ScreeningFacts, ModerationPolicy, string, string | undefined]>([
    ['plain text publishes', post('Great tent, stayed dry'), strict, 'publish', undefined],
    ['a blocked term rejects', post('This is a SCAM, avoid'), strict, 'reject', 'blocked-term:scam'],
    ['a blocked phrase rejects', post('cheap: buy followers here'), strict, 'reject', 'blocked-term:buy followers'],
    ['a term inside another word does not count', post('scampering squirrels'), strict, 'publish', undefined],
    ['full-width letters still match', post('ｓｃａｍ alert'), strict, 'reject', 'blocked-term:scam'],
    ['a watched term holds', post('I want a refund'), strict, 'hold', 'watched-term:refund'],
    ['too many links hold', post('see https://a.example https://b.example www.c.example'), strict, 'hold', 'too-many-links:3>2'],
    ['links up to the limit publish', post('see https://a.example and https://b.example'), strict, 'publish', undefined],
    ['repeated text holds', post('same again', { repeated: true }), strict, 'hold', 'repeated-content'],
    ['repeated text publishes when the rule is off', post('same again', { repeated: true }), policy({ holdRepeatedContent: false }), 'publish', undefined],
    ["a new member's first posts hold", post('hello all', { authorPostCount: 0 }), strict, 'hold', 'new-member:1/3'],
    ["a new member's fourth post publishes", post('hello all', { authorPostCount: 3 }), strict, 'publish', undefined],
    ['pre-moderation holds every post', post('hello'), policy({ mode: 'pre-moderation' }), 'hold', 'pre-moderation'],
    ['pre-moderation does not hold comments', post('hello', { kind: 'comment' }), policy({ mode: 'pre-moderation' }), 'publish', undefined],
    ['the new-member rule does not apply to comments', post('hi', { kind: 'comment', authorPostCount: 0 }), strict, 'publish', undefined],
    ['a blocked term wins over every hold', post('scam refund https://a https://b https://c', { repeated: true }), strict, 'reject', 'blocked-term:scam'],
  ])('%s', (_name, facts, rules, action, rule) => {
    const verdict = screen(facts, rules);
    expect(verdict.action).toBe(action);
    expect('rule' in verdict ? verdict.rule : undefined).toBe(rule);
  });

  it('rates a blocked term high and the gentler holds lower', () => {
    expect(screen(post('scam'), strict)).toMatchObject({ priority: 'high', reason: 'blocked-term' });
    expect(screen(post('refund'), strict)).toMatchObject({ priority: 'medium', reason: 'watched-term' });
    expect(screen(post('hi', { authorPostCount: 0 }), strict)).toMatchObject({ priority: 'low', reason: 'new-member' });
  });

  // Each disguise is written with escapes, so the table shows which code points it sends.
  it.each<[string, string, string | undefined]>([
    ['the plain term', 'scamcoin', 'scamcoin'],
    ['the term in capitals', 'SCAMCOIN', 'scamcoin'],
    ['Cyrillic small look-alikes (ѕ с а о і)', '\u0455\u0441\u0430m\u0441\u043e\u0456n', 'scamcoin'],
    ['Cyrillic capital look-alikes (Ѕ С А М О І)', '\u0405\u0421\u0410\u041c\u0421\u041e\u0406N', 'scamcoin'],
    ['Greek look-alikes (α ο)', 'sc\u03b1mc\u03bfin', 'scamcoin'],
    ['a digit for a letter (0 for o)', 'scamc0in', 'scamcoin'],
    ['full-width letters', '\uff53\uff43\uff41\uff4d\uff43\uff4f\uff49\uff4e', 'scamcoin'],
    ['a zero-width space inside', 'scam\u200bcoin', 'scamcoin'],
    ['a zero-width joiner and non-joiner inside', 's\u200dcam\u200ccoin', 'scamcoin'],
    ['a word joiner inside', 'scam\u2060coin', 'scamcoin'],
    ['a soft hyphen inside', 'scam\u00adcoin', 'scamcoin'],
    ['a byte-order mark inside', 'sc\ufeffamcoin', 'scamcoin'],
    ['a combining grapheme joiner inside', 'scamc\u034foin', 'scamcoin'],
    ['a bidi override around it', '\u202escamcoin\u202c', 'scamcoin'],
    ['bidi marks and isolates inside', 'sc\u200fam\u2066coin\u2069', 'scamcoin'],
    ['homoglyphs and invisibles together', '\u0455c\u200b\u0430mc\u00ad\u043ein', 'scamcoin'],
    ['a homoglyph phrase', 'buy f\u043ell\u043ewers now', 'buy followers'],
    ['another word', 'scampcoin', undefined],
    ['the term inside a longer word', 'scamcoins', undefined],
    ['a look-alike term inside a longer word', 'pre\u0455\u0441\u0430mcoin', undefined],
    ['the term with an accent: another word', 'scamcoi\u0301n', undefined],
    ['letters that only look alike in the other case (blt is not bit)', 'blt', undefined],
  ])('matches terms by what a reader sees: %s', (_name, text, term) => {
    expect(findTerm(`look: ${text}!`, ['scamcoin', 'buy followers', 'bit'])).toBe(term);
  });

  it('matches a term written with look-alikes against the plain text too', () => {
    expect(findTerm('get scamcoin today', ['\u0455\u0441\u0430mcoin'])).toBe('\u0455\u0441\u0430mcoin');
    expect(findTerm('get scamcoin today', ['scam\u200bcoin'])).toBe('scam\u200bcoin');
  });

  it('finds terms case-insensitively and counts links', () => {
    expect(findTerm('Total LAWSUIT material', ['lawsuit'])).toBe('lawsuit');
    expect(findTerm('nothing here', ['lawsuit'])).toBeUndefined();
    expect(countLinks('http://a.example, https://b.example/x?y=1 and www.c.example')).toBe(3);
  });
});
