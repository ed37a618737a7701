/** The caller's team (custom:team) and what a partner-only caller may reach. */
import { assertRouteOpenToCaller, callerFromClaims } from '../../../lambdas/domain/caller';
import { ForbiddenError } from '../../../lambdas/domain/errors';
import { handler as preTokenGeneration } from '../../../lambdas/handlers/pre-token-generation';

test('reads custom:team from the access token; none when absent or empty', () => {
  const base = { sub: 's1', token_use: 'access', 'cognito:groups': '[partners]' };
  expect(callerFromClaims({ ...base, 'custom:team': 'supply-chain' }).team).toBe('supply-chain');
  expect(callerFromClaims(base).team).toBeUndefined();
  expect(callerFromClaims({ ...base, 'custom:team': '' }).team).toBeUndefined();
});

test('refuses a partner-only caller on a route not open to partners, and nobody else', () => {
  const partner = callerFromClaims({ sub: 's1', token_use: 'access', 'cognito:groups': '[partners]', 'custom:team': 'stores' });
  const managerPartner = callerFromClaims({ sub: 's2', token_use: 'access', 'cognito:groups': '[partners community-managers]' });
  expect(() => assertRouteOpenToCaller(partner, false)).toThrow(ForbiddenError);
  expect(() => assertRouteOpenToCaller(partner, true)).not.toThrow();
  expect(() => assertRouteOpenToCaller(managerPartner, false)).not.toThrow();
});

test('the pre-token-generation trigger copies custom:team into the access token only', async () => {
  const event = { request: { userAttributes: { 'custom:team': 'supply-chain' } }, response: {} } as never;
  const out = (await preTokenGeneration(event)) as { response: unknown };
  expect(out.response).toEqual({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { 'custom:team': 'supply-chain' } } } });
  const none = (await preTokenGeneration({ request: { userAttributes: {} }, response: {} } as never)) as { response: unknown };
  expect(none.response).toEqual({});
});
