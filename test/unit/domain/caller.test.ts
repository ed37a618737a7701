import { assertMayContribute, callerFromClaims, isModerator, parseGroups } from '../../../lambdas/domain/caller';
import { ForbiddenError, UnauthorizedError } from '../../../lambdas/domain/errors';

describe('callers from JWT claims', () => {
  it('reads groups as API Gateway flattens them: "[a b]"', () => {
    const caller = callerFromClaims({ sub: 'u1', token_use: 'access', username: 'mo', 'cognito:groups': '[members moderators]' });
    expect([...caller.groups].sort()).toEqual(['members', 'moderators']);
    expect(isModerator(caller)).toBe(true);
    expect(caller).toMatchObject({ memberId: 'u1', username: 'mo' });
  });

  it('reads groups from a verified token as a real array', () => {
    expect(parseGroups(['finance', 'members'])).toEqual(['finance', 'members']);
  });

  it('ignores groups it does not know', () => {
    expect(parseGroups('[admins members]')).toEqual(['members']);
  });

  it('has no groups when the claim is absent', () => {
    expect(callerFromClaims({ sub: 'u1', token_use: 'access' }).groups.size).toBe(0);
  });

  it('refuses claims without a subject or with an unknown token use', () => {
    expect(() => callerFromClaims({ token_use: 'access' })).toThrow(UnauthorizedError);
    expect(() => callerFromClaims({ sub: 'u1', token_use: 'refresh' })).toThrow(/token_use must be access .*got refresh/);
    expect(() => callerFromClaims({ sub: 'u1' })).toThrow(/token_use must be access .*got undefined/);
    expect(() => callerFromClaims(undefined)).toThrow(UnauthorizedError);
  });

  it('refuses an ID token: only access tokens are credentials', () => {
    const idToken = { sub: 'u1', token_use: 'id', 'cognito:username': 'alice', 'cognito:groups': '[members]', aud: 'client' };

    expect(() => callerFromClaims(idToken)).toThrow(UnauthorizedError);
    expect(() => callerFromClaims(idToken)).toThrow(/token_use must be access \(send the access token, not the ID token\), got id/);
  });
});

describe('what a caller in no group may do', () => {
  it('refuses a caller in no group a contribution, naming the group it needs', () => {
    const reader = callerFromClaims({ sub: 'u1', token_use: 'access', username: 'newcomer' });

    expect(() => assertMayContribute(reader)).toThrow(ForbiddenError);
    expect(() => assertMayContribute(reader)).toThrow(/in no group, so may read but not contribute: this needs the members group/);
  });

  it('treats groups it does not know as no group', () => {
    expect(() => assertMayContribute(callerFromClaims({ sub: 'u1', token_use: 'access', 'cognito:groups': '[admins]' }))).toThrow(ForbiddenError);
  });

  it.each(['members', 'moderators', 'senior-moderators', 'community-managers', 'finance'])('lets a caller in %s contribute', (group) => {
    expect(() => assertMayContribute(callerFromClaims({ sub: 'u1', token_use: 'access', 'cognito:groups': `[${group}]` }))).not.toThrow();
  });
});
