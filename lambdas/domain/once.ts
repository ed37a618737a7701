/**
 * Exactly-once creates. A create that carries a request key writes, in its own transaction, a marker
 * keyed by (member, request key) that must not exist yet and holds the answer the create gave. The
 * first attempt that commits wins; any later attempt with the same key (a retry after a crash that
 * lost the idempotency record, or a concurrent duplicate) finds the marker instead of writing again
 * and answers with what the first attempt answered. The key reaches the domain as plain data: what
 * the client sent it as (an HTTP header, a CLI flag) is the edge's business.
 */
import { ChorusError, UnprocessableError } from './errors';

/** How long a marker is kept: as long as the edge remembers an Idempotency-Key (a day). */
export const MARKER_TTL_SECONDS = 24 * 60 * 60;

/** The request key of a create: the same `id` means the same request; `fingerprint` is what was asked. */
export interface RequestKey {
  /** Unique per member: the client's key, scoped to what it was sent to. */
  readonly id: string;
  /** A digest of the request's content: the same id with another fingerprint is a misused key. */
  readonly fingerprint: string;
}

/** What a create writes beside its item when it carries a request key. */
export interface CreateMarker {
  readonly memberId: string;
  readonly requestId: string;
  readonly fingerprint: string;
  /** The created resource's id, for people reading the table. */
  readonly resourceId: string;
  /** The answer the create gave, as JSON: a replay answers with it. */
  readonly answer: string;
  /** Epoch seconds: TTL. */
  readonly expiresAt: number;
}

/** A create's marker was already there: the request was served before; `earlier` is that marker. */
export class RequestAlreadyServedError extends ChorusError {
  readonly kind = 'conflict';
  constructor(readonly earlier: Pick<CreateMarker, 'fingerprint' | 'resourceId' | 'answer'>) {
    super(`this request was already served: it created ${earlier.resourceId}`);
  }
}

/** Where a create looks for the marker of an earlier attempt when it could not write its own. */
export interface ServedRequests {
  /** The marker `memberId` wrote under `requestId`, if it is still kept. */
  earlierCreate(memberId: string, requestId: string): Promise<RequestAlreadyServedError['earlier'] | undefined>;
}

/** Builds the marker of a create's answer; undefined without a request key. */
export type MarkerOf<T> = (resourceId: string, answer: T) => CreateMarker | undefined;

/**
 * Runs the create `run`, which passes the marker `markerOf` builds to its write and returns its
 * answer. A repeat of a served request answers with the earlier answer instead: when the marker's
 * condition refuses the write, and also when the create fails before writing (a rate limit the first
 * attempt spent, content the first report hid, an id the first attempt took), since such a failure
 * says nothing about whether the first attempt was served: only the marker does, read then, so the
 * path of a successful create pays no read. A key reused for another request is refused (422).
 */
export async function createOnce<T>(
  deps: { readonly requests: ServedRequests; readonly clock: () => Date },
  memberId: string,
  key: RequestKey | undefined,
  run: (markerOf: MarkerOf<T>) => Promise<T>,
): Promise<T> {
  if (!key) return run(() => undefined);
  const expiresAt = Math.floor(deps.clock().getTime() / 1000) + MARKER_TTL_SECONDS;
  const markerOf: MarkerOf<T> = (resourceId, answer) => ({
    memberId,
    requestId: key.id,
    fingerprint: key.fingerprint,
    resourceId,
    answer: JSON.stringify(answer),
    expiresAt,
  });
  try {
    return await run(markerOf);
  } catch (error) {
    if (error instanceof RequestAlreadyServedError) return replayOf<T>(key, error.earlier);
    if (!(error instanceof ChorusError)) throw error;
    const earlier = await deps.requests.earlierCreate(memberId, key.id);
    if (!earlier) throw error;
    return replayOf<T>(key, earlier);
  }
}

/** The earlier answer to the same request, or 422 for a key reused with another request. */
function replayOf<T>(key: RequestKey, earlier: RequestAlreadyServedError['earlier']): T {
  if (earlier.fingerprint !== key.fingerprint) {
    throw new UnprocessableError('Idempotency-Key was already used with a different request body; use a new key for a new request', [
      { field: 'header.idempotency-key', message: 'already used with a different body' },
    ]);
  }
  return JSON.parse(earlier.answer) as T;
}
