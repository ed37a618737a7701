import { ConflictError, RateLimitedError, UnprocessableError } from '../../../lambdas/domain/errors';
import { createOnce, MARKER_TTL_SECONDS, RequestAlreadyServedError, type CreateMarker, type ServedRequests } from '../../../lambdas/domain/once';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const KEY = { id: 'POST /v1/communities/c/posts k1', fingerprint: 'body-1' };
const first = { postId: 'P1', title: 'First' };
const earlier = { fingerprint: 'body-1', resourceId: 'P1', answer: JSON.stringify(first) };

/** A marker store that knows `known` markers and counts its reads. */
function served(known: Record<string, typeof earlier> = {}) {
  const reads: string[] = [];
  const requests: ServedRequests = {
    earlierCreate: async (memberId, requestId) => {
      reads.push(`${memberId} ${requestId}`);
      return known[`${memberId} ${requestId}`];
    },
  };
  return { deps: { requests, clock: () => NOW }, reads };
}

describe('createOnce', () => {
  it('writes a marker of the answer, kept a day, when the create carries a key; none without one', async () => {
    const { deps, reads } = served();
    const markers: (CreateMarker | undefined)[] = [];
    const run = async (markerOf: (id: string, answer: typeof first) => CreateMarker | undefined) => {
      markers.push(markerOf('P1', first));
      return first;
    };

    expect(await createOnce(deps, 'm1', KEY, run)).toEqual(first);
    expect(await createOnce(deps, 'm1', undefined, run)).toEqual(first);

    expect(markers).toEqual([
      {
        memberId: 'm1',
        requestId: KEY.id,
        fingerprint: 'body-1',
        resourceId: 'P1',
        answer: JSON.stringify(first),
        expiresAt: NOW.getTime() / 1000 + MARKER_TTL_SECONDS,
      },
      undefined,
    ]);
    expect(reads).toEqual([]);
  });

  it('answers with the earlier answer when the marker refuses the write, without a read', async () => {
    const { deps, reads } = served();

    const answer = await createOnce(deps, 'm1', KEY, async () => {
      throw new RequestAlreadyServedError(earlier);
    });

    expect(answer).toEqual(first);
    expect(reads).toEqual([]);
  });

  it('answers with the earlier answer when a repeat fails before writing (a rate limit the first attempt spent)', async () => {
    const { deps, reads } = served({ [`m1 ${KEY.id}`]: earlier });

    const answer = await createOnce(deps, 'm1', KEY, async () => {
      throw new RateLimitedError('5 posts a minute', 12);
    });

    expect(answer).toEqual(first);
    expect(reads).toEqual([`m1 ${KEY.id}`]);
  });

  it('keeps a failure before writing when no marker says the request was served', async () => {
    const { deps } = served();

    const attempt = createOnce(deps, 'm1', KEY, async () => {
      throw new ConflictError('post P is deleted and takes no comments');
    });

    await expect(attempt).rejects.toThrow(ConflictError);
  });

  it('refuses a key reused with another request body (422), whichever way the marker is found', async () => {
    const other = { ...KEY, fingerprint: 'body-2' };
    const { deps } = served({ [`m1 ${KEY.id}`]: earlier });

    const refused = createOnce(deps, 'm1', other, async () => {
      throw new RequestAlreadyServedError(earlier);
    });
    const failedFirst = createOnce(deps, 'm1', other, async () => {
      throw new RateLimitedError('5 posts a minute', 12);
    });

    await expect(refused).rejects.toThrow(UnprocessableError);
    await expect(failedFirst).rejects.toThrow(UnprocessableError);
  });

  it('does not look for a marker after a failure that is not the domain refusing (a network error)', async () => {
    const { deps, reads } = served({ [`m1 ${KEY.id}`]: earlier });

    const attempt = createOnce(deps, 'm1', KEY, async () => {
      throw new Error('socket hang up');
    });

    await expect(attempt).rejects.toThrow('socket hang up');
    expect(reads).toEqual([]);
  });
});
