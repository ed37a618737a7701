import { openApiDocument } from '../api/openapi';
import { publicRoutes } from '../api/routes/public';
import { serviceConfig } from '../config';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

let document: unknown;

export const handler = httpHandler(publicRoutes, {
  getHealth: async () => ok({ status: 'ok', version: serviceConfig().serviceVersion }),
  getOpenApi: async () => ok((document ??= openApiDocument(serviceConfig().serviceVersion)), { 'cache-control': 'public, max-age=300' }),
});
