import { routes } from '../../../lambdas/api/routes';
import { createRouteMatcher } from '../../../local/route-matcher';

const match = createRouteMatcher(routes);

describe('route matching over the route table', () => {
  it('matches a literal path', () => {
    const result = match('GET', '/v1/health');

    expect(result).toMatchObject({ kind: 'route', route: { operationId: 'getHealth' }, pathParameters: {} });
  });

  it('extracts path parameters, URL-decoded', () => {
    const result = match('DELETE', '/v1/posts/01ABC/comments/c%2F1%20x');

    expect(result).toMatchObject({ kind: 'route', route: { operationId: 'deleteComment' }, pathParameters: { postId: '01ABC', commentId: 'c/1 x' } });
  });

  it('picks the route by method among routes sharing a template', () => {
    expect(match('PATCH', '/v1/posts/p1')).toMatchObject({ kind: 'route', route: { operationId: 'updatePost' } });
    expect(match('GET', '/v1/posts/p1')).toMatchObject({ kind: 'route', route: { operationId: 'getPost' } });
  });

  it('treats the method case-insensitively', () => {
    expect(match('get', '/v1/me')).toMatchObject({ kind: 'route', route: { operationId: 'getMe' } });
  });

  it('reports a known path with a wrong method as method-not-allowed, listing the allowed methods', () => {
    const result = match('POST', '/v1/posts/p1');

    expect(result.kind).toBe('method-not-allowed');
    expect(result.kind === 'method-not-allowed' && [...result.allow].sort()).toEqual(['DELETE', 'GET', 'PATCH']);
  });

  it('does not match an empty parameter segment, a trailing slash, or extra segments', () => {
    expect(match('GET', '/v1/posts/')).toEqual({ kind: 'not-found' });
    expect(match('GET', '/v1/health/')).toEqual({ kind: 'not-found' });
    expect(match('GET', '/v1/posts/p1/comments/c1/extra')).toEqual({ kind: 'not-found' });
    expect(match('GET', '/nope')).toEqual({ kind: 'not-found' });
  });

  it('keeps a malformed percent escape as received instead of failing', () => {
    expect(match('GET', '/v1/posts/%E0%A4%A')).toMatchObject({ kind: 'route', pathParameters: { postId: '%E0%A4%A' } });
  });

  it('prefers literal segments over parameters when two templates match', () => {
    const table = [
      { method: 'GET', path: '/v1/things/{id}', group: 'public', operationId: 'getThing', summary: '', success: { status: 200, schema: null }, errors: [] },
      { method: 'POST', path: '/v1/things/search', group: 'public', operationId: 'search', summary: '', success: { status: 200, schema: null }, errors: [] },
    ] as const;
    const matchThings = createRouteMatcher(table as never);

    expect(matchThings('POST', '/v1/things/search')).toMatchObject({ kind: 'route', route: { operationId: 'search' } });
    expect(matchThings('GET', '/v1/things/search')).toMatchObject({ kind: 'method-not-allowed', allow: ['POST'] });
    expect(matchThings('GET', '/v1/things/t1')).toMatchObject({ kind: 'route', route: { operationId: 'getThing' }, pathParameters: { id: 't1' } });
  });
});
