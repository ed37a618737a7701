/**
 * Typed errors the domain throws. Each says what kind of failure it is and carries the facts a caller
 * needs to recover (the current version, when to retry, which fields are wrong), never a status code,
 * a header or a wire format: lambdas/http/error-mapping.ts turns a kind into a status, headers and
 * problem details, and a CLI or a test can read the same facts without knowing HTTP.
 */
import type { ExpectedVersion } from './versions';

export interface FieldError {
  /** Where the problem is: `body.title`, `query.limit`, `path.postId`, `header.if-match`. */
  readonly field: string;
  readonly message: string;
}

/** Every kind of failure the domain reports; the HTTP edge maps each to one status. */
export type ErrorKind = 'bad-request' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'version-mismatch' | 'unprocessable' | 'rate-limited';

export abstract class ChorusError extends Error {
  abstract readonly kind: ErrorKind;
}

/** The request cannot be read: a malformed id, cursor, date or period. */
export class BadRequestError extends ChorusError {
  readonly kind = 'bad-request';
  constructor(
    detail: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(detail);
  }
}

/** No caller could be established from the credentials. */
export class UnauthorizedError extends ChorusError {
  readonly kind = 'unauthorized';
}

export class ForbiddenError extends ChorusError {
  readonly kind = 'forbidden';
}

export class NotFoundError extends ChorusError {
  readonly kind = 'not-found';
}

/** The change contradicts the current state; `current` is that state, when the caller can use it to retry. */
export class ConflictError extends ChorusError {
  readonly kind = 'conflict';
  constructor(
    detail: string,
    readonly current?: Readonly<Record<string, unknown>>,
  ) {
    super(detail);
  }
}

/**
 * A versioned object was changed on a version that is not its current one (or on no stated version).
 * `raced`: the version matched when read, but another change committed first.
 */
export class VersionMismatchError extends ChorusError {
  readonly kind = 'version-mismatch';
  constructor(
    /** What was changed: `post`. */
    readonly entity: string,
    readonly id: string,
    /** The version the object is at now: what a retry must be based on. */
    readonly currentVersion: number,
    readonly expected: ExpectedVersion,
    readonly raced = false,
  ) {
    const basis = expected === 'unstated' ? 'no version' : expected === 'any' ? 'any version' : `version ${expected.join(', ') || 'none'}`;
    super(`${entity} ${id} is at version ${currentVersion}${raced ? ' after a concurrent change' : ''}; the change was based on ${basis}`);
  }
}

/** The request is readable but breaks a rule; `errors` names the fields. */
export class UnprocessableError extends ChorusError {
  readonly kind = 'unprocessable';
  constructor(
    detail: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(detail);
  }
}

/** Too many actions in the current window; the caller may retry after `retryAfterSeconds`. */
export class RateLimitedError extends ChorusError {
  readonly kind = 'rate-limited';
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
}
