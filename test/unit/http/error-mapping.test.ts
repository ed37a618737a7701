import { ConflictError, ForbiddenError, RateLimitedError, UnprocessableError, VersionMismatchError } from '../../../lambdas/domain/errors';
import { PayloadTooLargeError } from '../../../lambdas/http/http-errors';
import { problemResponse } from '../../../lambdas/http/problem-details';

const event = (headers: Record<string, string> = {}) => ({ rawPath: '/v1/posts/P1', headers, requestContext: { requestId: 'r-1' } }) as never;
const answer = (error: unknown, headers?: Record<string, string>) => {
  const response = problemResponse(error, event(headers));
  return { status: response.statusCode, headers: response.headers, body: JSON.parse(response.body!) as Record<string, unknown> };
};

describe('domain errors as problem details', () => {
  it('answers a stale edit with 412, the current ETag and what If-Match was', () => {
    const { status, headers, body } = answer(new VersionMismatchError('post', 'P1', 4, [3]), { 'if-match': '"3"' });
    expect(status).toBe(412);
    expect(headers).toMatchObject({ etag: '"4"', 'content-type': 'application/problem+json' });
    expect(body).toEqual({
      type: 'urn:chorus:problem:precondition-failed',
      title: 'The resource has changed',
      status: 412,
      detail: 'post P1 has changed: If-Match was "3", the current ETag is "4"',
      instance: '/v1/posts/P1',
    });
  });

  it('answers an edit that lost a race with 412 and the ETag the winner left', () => {
    const { status, headers, body } = answer(new VersionMismatchError('post', 'P1', 5, [4], true), { 'if-match': '"4"' });
    expect({ status, etag: headers?.etag, detail: body.detail }).toEqual({
      status: 412,
      etag: '"5"',
      detail: 'post P1 was changed by another request; the current ETag is "5"',
    });
  });

  it('answers an edit without If-Match with 428 naming the current ETag, and no ETag header', () => {
    const { status, headers, body } = answer(new VersionMismatchError('post', 'P1', 2, 'unstated'));
    expect(status).toBe(428);
    expect(headers).not.toHaveProperty('etag');
    expect(body).toMatchObject({
      type: 'urn:chorus:problem:precondition-required',
      title: 'This change needs an If-Match header',
      detail: `editing needs If-Match with the post's ETag (currently "2"), so concurrent edits cannot overwrite each other`,
    });
  });

  it('answers a rate limit with 429 and Retry-After in seconds', () => {
    const { status, headers, body } = answer(new RateLimitedError('slow down', 17));
    const expected = { status: 429, retryAfter: '17', type: 'urn:chorus:problem:rate-limited' };
    expect({ status, retryAfter: headers?.['retry-after'], type: body.type }).toEqual(expected);
  });

  it('puts the current state of a conflict and the field errors into the body', () => {
    expect(answer(new ConflictError('changed', { item: { version: 2 } })).body).toMatchObject({ status: 409, item: { version: 2 } });
    const fields = [{ field: 'body.title', message: 'is required' }];
    expect(answer(new UnprocessableError('bad', fields)).body).toMatchObject({ type: 'urn:chorus:problem:validation-failed', status: 422, errors: fields });
  });

  it('maps the HTTP edge errors and the plain domain kinds to their statuses', () => {
    expect(answer(new PayloadTooLargeError('big')).status).toBe(413);
    const forbidden = { type: 'urn:chorus:problem:forbidden', title: 'You may not do this', status: 403, detail: 'no' };
    expect(answer(new ForbiddenError('no')).body).toMatchObject(forbidden);
  });

  it('answers anything else with a bare 500 that quotes the request id', () => {
    const { status, body } = answer(new Error('secret internals'));
    expect(status).toBe(500);
    expect(body.detail).toBe('the request could not be completed; quote reference r-1 when reporting it');
  });
});
