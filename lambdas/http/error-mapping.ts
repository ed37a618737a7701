/**
 * The one place domain errors become HTTP: each kind gets its status, problem type and title, and
 * its facts become headers (ETag of the current version, Retry-After) and RFC 9457 members.
 */
import {
  BadRequestError,
  ChorusError,
  ConflictError,
  RateLimitedError,
  UnprocessableError,
  VersionMismatchError,
  type ErrorKind,
  type FieldError,
} from '../domain/errors';
import { SanctionedError } from '../members/standing';
import { etagOf } from './conditional';
import { HttpEdgeError } from './http-errors';

/** Problem details of a failure, before they are serialised. */
export interface Problem {
  readonly status: number;
  /** The last segment of the problem type, `urn:chorus:problem:<slug>`. */
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly errors?: readonly FieldError[] | undefined;
  /** Extra members of the body (RFC 9457 extensions), e.g. the current state on a conflict. */
  readonly extensions?: Readonly<Record<string, unknown>> | undefined;
}

type Kind = ErrorKind | HttpEdgeError['kind'] | 'version-required';

const PROBLEM_TYPES: Readonly<Record<Kind, { readonly status: number; readonly slug: string; readonly title: string }>> = {
  'bad-request': { status: 400, slug: 'bad-request', title: 'The request is malformed' },
  unauthorized: { status: 401, slug: 'unauthorized', title: 'Authentication is required' },
  forbidden: { status: 403, slug: 'forbidden', title: 'You may not do this' },
  'not-found': { status: 404, slug: 'not-found', title: 'Not found' },
  conflict: { status: 409, slug: 'conflict', title: 'The request conflicts with the current state' },
  'version-mismatch': { status: 412, slug: 'precondition-failed', title: 'The resource has changed' },
  'payload-too-large': { status: 413, slug: 'payload-too-large', title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, slug: 'unsupported-media-type', title: 'The request body has an unsupported media type' },
  unprocessable: { status: 422, slug: 'validation-failed', title: 'The request body is not acceptable' },
  // A change that states no version is a missing If-Match: the client's request is incomplete, not stale.
  'version-required': { status: 428, slug: 'precondition-required', title: 'This change needs an If-Match header' },
  'rate-limited': { status: 429, slug: 'rate-limited', title: 'Too many requests' },
};

/** The request headers the mapping reads: the If-Match a stale change was sent with. */
export type RequestHeaders = Readonly<Record<string, string | undefined>>;

function versionProblem(error: VersionMismatchError, headers: RequestHeaders): Problem {
  const etag = etagOf({ version: error.currentVersion });
  if (error.expected === 'unstated') {
    const detail = `editing needs If-Match with the ${error.entity}'s ETag (currently ${etag}), so concurrent edits cannot overwrite each other`;
    return { ...PROBLEM_TYPES['version-required'], detail, headers: {} };
  }
  const detail = error.raced
    ? `${error.entity} ${error.id} was changed by another request; the current ETag is ${etag}`
    : `${error.entity} ${error.id} has changed: If-Match was ${headers['if-match']}, the current ETag is ${etag}`;
  return { ...PROBLEM_TYPES['version-mismatch'], detail, headers: { etag } };
}

/** What a sanctioned member is told: the kind, the reason code and the end (null: none). */
const sanctionFacts = ({ restriction }: SanctionedError) => ({
  sanctionId: restriction.sanctionId,
  kind: restriction.kind,
  reasonCode: restriction.reasonCode,
  until: restriction.until,
});

/** The problem a known failure answers with; undefined for anything else (a bug, answered as a bare 500). */
export function problemOf(error: unknown, requestHeaders: RequestHeaders = {}): Problem | undefined {
  if (error instanceof VersionMismatchError) return versionProblem(error, requestHeaders);
  if (!(error instanceof ChorusError) && !(error instanceof HttpEdgeError)) return undefined;
  return {
    ...PROBLEM_TYPES[error.kind],
    detail: error.message,
    headers: error instanceof RateLimitedError ? { 'retry-after': String(error.retryAfterSeconds) } : {},
    errors: error instanceof BadRequestError || error instanceof UnprocessableError ? error.errors : undefined,
    extensions: error instanceof ConflictError ? error.current : error instanceof SanctionedError ? { sanction: sanctionFacts(error) } : undefined,
  };
}

/** The status a domain error answers with, for results that report failures one by one (bulk decisions). */
export const statusOf = (error: ChorusError): number => problemOf(error)!.status;
