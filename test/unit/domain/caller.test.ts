import { callerFromClaims, isModerator, parseGroups } from '../../../lambdas/domain/caller';
import { UnauthorizedError } from '../../../lambdas/domain/errors';

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
