import { authorizationScopesOf, routes } from '../../../lambdas/api/routes';

describe('what each route asks of a token', () => {
  it('requires the access-token scope on every protected route and none on a public one', () => {
    for (const route of routes) {
      const isPublic = 'public' in route && route.public;
      expect([route.operationId, authorizationScopesOf(route)]).toEqual([route.operationId, isPublic ? [] : ['aws.cognito.signin.user.admin']]);
    }
  });
});
