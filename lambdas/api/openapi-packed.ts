/**
 * The OpenAPI document as a bundle carries it: generated at build time from the route table's schemas
 * (packedOpenApiDocument in openapi.ts), Brotli-compressed and base64-encoded, and put in place of the
 * global OPENAPI_DOCUMENT_GLOBAL names by esbuild (lib/constructs/members-api.ts). Unpacking needs
 * neither zod nor a schema, so the public bundle carries none.
 */
import { brotliDecompressSync } from 'node:zlib';

/** The global name esbuild's `define` replaces with the packed document (a string literal). */
export const OPENAPI_DOCUMENT_GLOBAL = 'globalThis.CHORUS_OPENAPI_DOCUMENT';

/** The version the document is packed with; the function states its own (SERVICE_VERSION) when it unpacks it. */
export const PACKED_VERSION = '0.0.0-packed';

export function unpackOpenApiDocument(packed: string, version: string): unknown {
  const document = JSON.parse(brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8')) as { info: { version: string } };
  document.info.version = version;
  return document;
}
