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

  it('finds terms case-insensitively and counts links', () => {
    expect(findTerm('Total LAWSUIT material', ['lawsuit'])).toBe('lawsuit');
    expect(findTerm('nothing here', ['lawsuit'])).toBeUndefined();
    expect(countLinks('http://a.example, https://b.example/x?y=1 and www.c.example')).toBe(3);
  });
});
