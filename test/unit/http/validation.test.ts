import { NewComment, NewPost, PageQuery, PostPatch } from '../../../lambdas/api/schemas';
import { BadRequestError, type UnprocessableError } from '../../../lambdas/domain/errors';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../../../lambdas/http/http-errors';
import { MAX_BODY_DEPTH } from '../../../lambdas/api/route-spec';
import { MAX_BODY_BYTES, parseBody, parseUrlPart } from '../../../lambdas/http/validation';

const JSON_TYPE = 'application/json; charset=utf-8';
const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as UnprocessableError).errors;
  }
  throw new Error('expected a validation error');
};

describe('request bodies', () => {
  test('a body nested at MAX_BODY_DEPTH reaches the schema; one level deeper is a 400 before it', () => {
    const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
    // At the bound: the schema judges it (an unknown field is a 422, not a 400).
    expect(() => parseBody(NewComment, `{"body":"x","extra":${nested(MAX_BODY_DEPTH - 1)}}`, false, JSON_TYPE)).toThrow(/extra/);
    expect(() => parseBody(NewComment, `{"body":"x","extra":${nested(MAX_BODY_DEPTH)}}`, false, JSON_TYPE)).toThrow(BadRequestError);
    expect(() => parseBody(NewComment, `{"body":"x","extra":${nested(MAX_BODY_DEPTH)}}`, false, JSON_TYPE)).toThrow(
      `the body nests deeper than ${MAX_BODY_DEPTH} levels of objects and arrays; at most ${MAX_BODY_DEPTH} are accepted`,
    );
    // A route may allow more (POST /v1/events bounds each event instead).
    expect(() => parseBody(NewComment, `{"body":"x","extra":${nested(40_000)}}`, false, JSON_TYPE, Number.POSITIVE_INFINITY)).toThrow(/extra/);
  });

  it('accepts a valid post and fills defaults', () => {
    expect(parseBody(NewPost, '{"kind":"question","title":"Which tent?","body":"For two"}', false, JSON_TYPE)).toEqual({
      kind: 'question',
      title: 'Which tent?',
      body: 'For two',
      productIds: [],
      tags: [],
    });
  });

  it('answers 415 for another media type', () => {
    expect(() => parseBody(NewComment, '{"body":"x"}', false, 'text/plain')).toThrow(UnsupportedMediaTypeError);
    expect(() => parseBody(NewComment, '{"body":"x"}', false, undefined)).toThrow(/no Content-Type/);
  });

  it('answers 413 past the size limit', () => {
    const body = JSON.stringify({ body: 'x'.repeat(MAX_BODY_BYTES) });
    expect(() => parseBody(NewComment, body, false, JSON_TYPE)).toThrow(PayloadTooLargeError);
  });

  it('answers 400 for malformed JSON, a missing body and bytes that are not UTF-8', () => {
    expect(() => parseBody(NewComment, '{"body": ', false, JSON_TYPE)).toThrow(BadRequestError);
    expect(() => parseBody(NewComment, undefined, false, JSON_TYPE)).toThrow(/body is required/);
    expect(() => parseBody(NewComment, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), true, JSON_TYPE)).toThrow(/not valid UTF-8/);
  });

  it('answers 422 naming each field and what is accepted', () => {
    const errors = fieldsOf(() => parseBody(NewPost, '{"kind":"discussion","title":42,"body":"ok","status":"published"}', false, JSON_TYPE));
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'body.title', message: 'must be of type string, got number 42' },
        { field: 'body.status', message: 'is not an accepted field; accepted: kind, title, body, productIds, tags' },
      ]),
    );
  });

  it('names a missing required field', () => {
    expect(fieldsOf(() => parseBody(NewPost, '{"kind":"discussion","body":"ok"}', false, JSON_TYPE))).toEqual([
      { field: 'body.title', message: 'is required (string)' },
    ]);
  });

  it('refuses a review without a rating and a rating outside 1-5', () => {
    expect(fieldsOf(() => parseBody(NewPost, '{"kind":"review","title":"t","body":"b","productIds":["SKU-1"]}', false, JSON_TYPE))).toEqual([
      { field: 'body.rating', message: 'is required (number)' },
    ]);
    expect(() => parseBody(NewPost, '{"kind":"review","title":"t","body":"b","productIds":["SKU-1"],"rating":6}', false, JSON_TYPE)).toThrow(
      /rating must be from 1 to 5/,
    );
  });

  it('refuses lone surrogates, which could not be stored byte-exact', () => {
    expect(() => parseBody(NewComment, '{"body":"\\ud800"}', false, JSON_TYPE)).toThrow(/well-formed Unicode/);
  });
});

describe('query strings', () => {
  it('bounds limit and says the range', () => {
    expect(() => parseUrlPart(PageQuery, 'query', { limit: '500' })).toThrow('query.limit limit must be between 1 and 100');
    expect(() => parseUrlPart(PageQuery, 'query', { limit: 'ten' })).toThrow(BadRequestError);
    expect(parseUrlPart(PageQuery, 'query', {})).toEqual({ limit: 20 });
  });

  it('refuses unknown parameters such as offset', () => {
    expect(() => parseUrlPart(PageQuery, 'query', { offset: '20' })).toThrow('query.offset is not an accepted field; accepted: limit, cursor');
  });
});

describe('patches', () => {
  it('must change something', () => {
    expect(() => parseBody(PostPatch, '{}', false, JSON_TYPE)).toThrow(/a patch must change at least one of/);
  });

  it('name unknown fields rather than saying nothing changes', () => {
    expect(fieldsOf(() => parseBody(PostPatch, '{"status":"published"}', false, JSON_TYPE))).toEqual([
      { field: 'body.status', message: 'is not an accepted field; accepted: title, body, productIds, tags, rating' },
    ]);
  });
});
