import { authorizationScopesOf, isContribution, routes } from '../../../lambdas/api/routes';

describe('what each route asks of a token', () => {
  it('requires the access-token scope on every protected route and none on a public one', () => {
    for (const route of routes) {
      const isPublic = 'public' in route && route.public;
      expect([route.operationId, authorizationScopesOf(route)]).toEqual([route.operationId, isPublic ? [] : ['aws.cognito.signin.user.admin']]);
    }
  });

  it('counts every protected route that changes state, and no read, as a contribution', () => {
    const contributions = routes.filter(isContribution).map((r) => `${r.method} ${r.path}`);

    expect(contributions).toContain('POST /v1/communities/{communityId}/posts');
    expect(contributions).toContain('PUT /v1/posts/{postId}/reactions/{reaction}');
    expect(contributions).toContain('POST /v1/events');
    expect(contributions.filter((key) => key.startsWith('GET '))).toEqual([]);
    expect(routes.filter((r) => r.method !== 'GET' && !isContribution(r))).toEqual([]);
  });
});
