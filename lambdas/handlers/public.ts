import { openApiDocument } from '../api/openapi';
import { publicRoutes } from '../api/routes/public';
import { serviceConfig } from '../config';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

let document: unknown;
/** Built on the first request, not at cold start: health checks never pay for it. */
const documentOnce = () => {
  document ??= openApiDocument(serviceConfig().serviceVersion);
  return document;
};

export const handler = httpHandler(publicRoutes, {
  getHealth: async () => ok({ status: 'ok', version: serviceConfig().serviceVersion }),
  getOpenApi: async () => ok(documentOnce(), { 'cache-control': 'public, max-age=300' }),
});
