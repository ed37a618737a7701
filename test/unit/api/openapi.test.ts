import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from '../../../lambdas/api/openapi';
import { routes } from '../../../lambdas/api/routes';

describe('the OpenAPI document', () => {
  const document = openApiDocument('1.2.3') as { openapi: string; paths: Record<string, Record<string, any>>; components: any };

  it('is valid OpenAPI 3.1 for a standard validator', async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every route of the route table, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('marks health and the document itself as public, everything else as needing a token', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]![route.method.toLowerCase()];
      expect(operation.security).toEqual('public' in route && route.public ? [] : undefined);
    }
  });

  it('declares 401 and 403 (a token without the access-token scope) on every protected route', () => {
    for (const route of routes) {
      const responses = Object.keys(document.paths[route.path]![route.method.toLowerCase()].responses);
      const isPublic = 'public' in route && route.public;
      expect([route.operationId, responses.includes('401'), responses.includes('403')]).toEqual([route.operationId, !isPublic, !isPublic]);
    }
  });

  it('documents problem responses for errors', () => {
    const createPost = document.paths['/v1/communities/{communityId}/posts']!.post;
    expect(Object.keys(createPost.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '413', '415', '422', '429']));
    expect(createPost.responses['422'].content['application/problem+json']).toBeDefined();
  });
});
