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

describe('what the document states of validation', () => {
  const document = openApiDocument('1.2.3') as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };
  const schemas = document.components.schemas;

  it('declares 400, 431 (an over-long URL) and 500 on every operation, and 409 where a deleted post or unpublished idea conflicts', () => {
    for (const route of routes) {
      const responses = Object.keys(document.paths[route.path]![route.method.toLowerCase()].responses);
      expect([route.operationId, ...['400', '431', '500'].filter((s) => !responses.includes(s))]).toEqual([route.operationId]);
    }
    expect(Object.keys(document.paths['/v1/posts/{postId}']!.patch.responses)).toContain('409');
    expect(Object.keys(document.paths['/v1/posts/{postId}/idea-status']!.put.responses)).toContain('409');
  });

  it('states text limits, the review product, the decision and report rules and the audit exactly-one-of as JSON Schema', () => {
    const review = schemas.NewPost.oneOf.find((option: any) => option.properties.kind.enum[0] === 'review');
    expect(review.properties.title).toMatchObject({ minLength: 1, maxLength: 200, pattern: '\\S' });
    expect(review.properties.productIds).toMatchObject({ minItems: 1, maxItems: 1 });
    expect(schemas.Decision).toMatchObject({ if: { properties: { action: { const: 'approve' } } }, else: { required: ['reasonCode'] } });
    expect(schemas.NewReport.if).toEqual({ properties: { reasonCode: { const: 'other' } } });
    expect(schemas.NewReport.then.required).toEqual(['text']);
    expect(schemas.AuditQuery.oneOf).toEqual([{ required: ['itemId'] }, { required: ['moderatorId'] }]);
    expect(schemas.ClientEventBatch.properties.events.items).toEqual({ $ref: '#/components/schemas/ClientEvent' });
    expect(schemas.ReasonCode.enum).not.toContain(null);
  });

  it('states the Idempotency-Key format and the 256 KiB body limit', () => {
    const createPost = document.paths['/v1/communities/{communityId}/posts']!.post;
    const key = createPost.parameters.find((p: any) => p.name === 'Idempotency-Key');
    expect(key.schema).toMatchObject({ pattern: '^[\\x21-\\x7e]{1,255}$', maxLength: 255 });
    expect(createPost.requestBody.description).toContain('262144 bytes');
  });

  it('names the group that may call every route of a staff group', () => {
    const staffGroups = new Set(['moderation', 'desk', 'finance']);
    for (const route of routes.filter((r) => staffGroups.has(r.group) && !r.path.includes('/posts/'))) {
      expect([route.operationId, /\((.*)(moderators|community managers|finance|lease holder)(.*)\)/.test(route.summary)]).toEqual([route.operationId, true]);
    }
  });
});
