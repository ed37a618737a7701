/**
 * Failures only the HTTP edge can have: the request body's size and media type. The domain never sees
 * a body, so these are not domain errors; error-mapping.ts maps them with the domain's.
 */
export abstract class HttpEdgeError extends Error {
  abstract readonly kind: 'payload-too-large' | 'unsupported-media-type';
}

export class PayloadTooLargeError extends HttpEdgeError {
  readonly kind = 'payload-too-large';
}

export class UnsupportedMediaTypeError extends HttpEdgeError {
  readonly kind = 'unsupported-media-type';
}
