import { unpackOpenApiDocument } from '../api/openapi-packed';
import { publicRoutes } from '../api/routes/public';
import { serviceConfig } from '../config';
import { httpHandler } from '../http/http-handler';
import { ok } from '../http/responses';

declare global {
  /** The OpenAPI document, packed at build time (lambdas/api/openapi-packed.ts); undefined where nothing bundled this module. */
  var CHORUS_OPENAPI_DOCUMENT: string | undefined;
}

let document: unknown;
/**
 * Unpacked on the first request, not at cold start: health checks never pay for it. A bundle has the
 * document generated at build time, so the schemas and the generator are left out of it (esbuild drops
 * the other branch); unbundled (the local runtime, tests) it is generated from the schemas here.
 */
const documentOnce = async () => {
  const version = serviceConfig().serviceVersion;
  document ??=
    globalThis.CHORUS_OPENAPI_DOCUMENT !== undefined
      ? unpackOpenApiDocument(globalThis.CHORUS_OPENAPI_DOCUMENT, version)
      : (await import('../api/openapi')).openApiDocument(version);
  return document;
};

export const handler = httpHandler(publicRoutes, {
  getHealth: async () => ok({ status: 'ok', version: serviceConfig().serviceVersion }),
  getOpenApi: async () => ok(await documentOnce(), { 'cache-control': 'public, max-age=300' }),
});
