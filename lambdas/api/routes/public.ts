/** Liveness and the OpenAPI document: no token, no storage. Served by lambdas/handlers/public.ts. */
import { Health, OpenApiDocument } from '../platform-schemas';
import type { GroupRoutes } from '../route-spec';

export const publicRoutes = [
  {
    method: 'GET',
    path: '/v1/health',
    group: 'public',
    operationId: 'getHealth',
    summary: 'Liveness of the API',
    public: true,
    success: { status: 200, schema: Health },
    errors: [],
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    group: 'public',
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    public: true,
    success: { status: 200, schema: OpenApiDocument },
    errors: [],
  },
] as const satisfies GroupRoutes<'public'>;
