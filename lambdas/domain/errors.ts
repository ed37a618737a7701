/**
 * Typed errors the domain throws. One middleware (lambdas/http/problem-details.ts) maps them to
 * RFC 9457 problem responses; nothing else builds an error response.
 */
export interface FieldError {
  /** Where the problem is: `body.title`, `query.limit`, `path.postId`, `header.if-match`. */
  readonly field: string;
  readonly message: string;
}

export abstract class ChorusError extends Error {
  abstract readonly status: number;
  abstract readonly slug: string;
  abstract readonly title: string;
  readonly headers: Readonly<Record<string, string>> = {};
  readonly errors: readonly FieldError[] | undefined = undefined;
  /** Extra members of the problem body (RFC 9457 extensions), e.g. the current state on a conflict. */
  readonly extensions: Readonly<Record<string, unknown>> | undefined = undefined;
}

export class BadRequestError extends ChorusError {
  readonly status = 400;
  readonly slug = 'bad-request';
  readonly title = 'The request is malformed';
  override readonly errors: readonly FieldError[] | undefined;
  constructor(detail: string, errors?: readonly FieldError[]) {
    super(detail);
    this.errors = errors;
  }
}

export class UnauthorizedError extends ChorusError {
  readonly status = 401;
  readonly slug = 'unauthorized';
  readonly title = 'Authentication is required';
}

export class ForbiddenError extends ChorusError {
  readonly status = 403;
  readonly slug = 'forbidden';
  readonly title = 'You may not do this';
}

export class NotFoundError extends ChorusError {
  readonly status = 404;
  readonly slug = 'not-found';
  readonly title = 'Not found';
}

export class ConflictError extends ChorusError {
  readonly status = 409;
  readonly slug = 'conflict';
  readonly title = 'The request conflicts with the current state';
  override readonly extensions: Readonly<Record<string, unknown>> | undefined;
  constructor(detail: string, extensions?: Readonly<Record<string, unknown>>) {
    super(detail);
    this.extensions = extensions;
  }
}

export class PreconditionFailedError extends ChorusError {
  readonly status = 412;
  readonly slug = 'precondition-failed';
  readonly title = 'The resource has changed';
  override readonly headers: Readonly<Record<string, string>>;
  constructor(detail: string, currentEtag: string) {
    super(detail);
    this.headers = { etag: currentEtag };
  }
}

export class PayloadTooLargeError extends ChorusError {
  readonly status = 413;
  readonly slug = 'payload-too-large';
  readonly title = 'The request body is too large';
}

export class UnsupportedMediaTypeError extends ChorusError {
  readonly status = 415;
  readonly slug = 'unsupported-media-type';
  readonly title = 'The request body has an unsupported media type';
}

export class UnprocessableError extends ChorusError {
  readonly status = 422;
  readonly slug = 'validation-failed';
  readonly title = 'The request body is not acceptable';
  override readonly errors: readonly FieldError[] | undefined;
  constructor(detail: string, errors?: readonly FieldError[]) {
    super(detail);
    this.errors = errors;
  }
}

export class PreconditionRequiredError extends ChorusError {
  readonly status = 428;
  readonly slug = 'precondition-required';
  readonly title = 'This change needs an If-Match header';
}

export class RateLimitedError extends ChorusError {
  readonly status = 429;
  readonly slug = 'rate-limited';
  readonly title = 'Too many requests';
  override readonly headers: Readonly<Record<string, string>>;
  constructor(detail: string, readonly retryAfterSeconds: number) {
    super(detail);
    this.headers = { 'retry-after': String(retryAfterSeconds) };
  }
}
