/** The public group's response schemas: liveness and the document. */
import * as z from 'zod';

/** This document itself: what a client may rely on in it (the rest is OpenAPI 3.1). */
export const OpenApiDocument = z
  .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .meta({ id: 'OpenApiDocument', description: 'an OpenAPI 3.1 document' });

export const Health = z.object({ status: z.literal('ok'), version: z.string() }).meta({ id: 'Health' });
