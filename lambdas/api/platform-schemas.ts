/** The public group's response schemas: liveness and the document. */
import * as z from 'zod/mini';

/** This document itself: what a client may rely on in it (the rest is OpenAPI 3.1). */
export const OpenApiDocument = z
  .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .register(z.globalRegistry, { id: 'OpenApiDocument', description: 'an OpenAPI 3.1 document' });

export const Health = z.object({ status: z.literal('ok'), version: z.string() }).register(z.globalRegistry, { id: 'Health' });
