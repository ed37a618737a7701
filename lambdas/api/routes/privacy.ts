/**
 * A member's data: their export, their erasure, and a community manager's erasure of a member on a
 * request received elsewhere, with its audit. Served by lambdas/handlers/privacy.ts, the only function
 * that queues member-data jobs and signs archive URLs.
 */
import { ErasureParams, ErasureQuery, ErasureReceipt, ErasureRequest, ExportJob, MemberParams } from '../privacy-schemas';
import type { GroupRoutes } from '../route-spec';

export const privacyRoutes = [
  {
    method: 'POST',
    path: '/v1/me/export',
    group: 'privacy',
    operationId: 'startExport',
    summary: 'Start an export of everything stored about you (a JSON archive)',
    sanctionScope: 'own-account',
    success: { status: 202, schema: ExportJob },
    errors: [403, 409],
    rules: ['409 while an export of yours is running: one at a time'],
  },
  {
    method: 'GET',
    path: '/v1/me/export',
    group: 'privacy',
    operationId: 'getExport',
    summary: 'Your latest export: its status and, when ready, a pre-signed time-limited URL',
    sanctionScope: 'own-account',
    success: { status: 200, schema: ExportJob },
    errors: [404],
  },
  {
    method: 'DELETE',
    path: '/v1/me',
    group: 'privacy',
    operationId: 'eraseMe',
    summary: 'Erase your account: your data deleted, your posts and comments de-identified (or deleted with content=delete)',
    sanctionScope: 'own-account',
    query: ErasureQuery,
    success: { status: 202, schema: ErasureReceipt },
    errors: [403],
  },
  {
    method: 'POST',
    path: '/v1/members/{memberId}/erasure',
    group: 'privacy',
    operationId: 'eraseMember',
    summary: 'Erase a member on a request received elsewhere (community-managers)',
    params: MemberParams,
    body: ErasureRequest,
    success: { status: 202, schema: ErasureReceipt },
    errors: [403, 422],
  },
  {
    method: 'GET',
    path: '/v1/erasures/{erasureId}',
    group: 'privacy',
    operationId: 'getErasure',
    summary: "An erasure's audit: who asked, when, what was erased (community-managers)",
    params: ErasureParams,
    success: { status: 200, schema: ErasureReceipt },
    errors: [403, 404],
  },
] as const satisfies GroupRoutes<'privacy'>;
