import {
  buildHttpApiEvent,
  collectHeaders,
  encodeBody,
  formatRequestTime,
  parseQueryString,
  stringifyClaims,
  type EventContext,
  type RawRequest,
} from '../../../local/api-gateway-event';

const request = (overrides: Partial<RawRequest> = {}): RawRequest => ({
  method: 'POST',
  url: '/v1/posts/p%201/comments?limit=5&tag=a&tag=b',
  rawHeaders: ['Host', 'localhost:3000', 'Content-Type', 'application/json', 'User-Agent', 'curl/8', 'X-Multi', 'one', 'x-multi', 'two', 'Cookie', 'a=1; b=2'],
  body: Buffer.from('{"body":"héllo"}'),
  sourceIp: '127.0.0.1',
  protocol: 'HTTP/1.1',
  ...overrides,
});

const context = (overrides: Partial<EventContext> = {}): EventContext => ({
  routeKey: 'POST /v1/posts/{postId}/comments',
  pathParameters: { postId: 'p 1' },
  claims: { sub: 'u-1', 'cognito:groups': ['members', 'moderators'], exp: 1700000000, token_use: 'access' },
  requestId: 'req-1',
  now: new Date('2026-03-12T19:03:58.123Z'),
  accountId: '000000000000',
  apiId: 'local',
  domainName: 'localhost',
  ...overrides,
});

describe('claims as the JWT authorizer passes them', () => {
  it('flattens arrays to a bracketed space-separated string and stringifies numbers and booleans', () => {
    expect(stringifyClaims({ 'cognito:groups': ['members', 'moderators'], exp: 1700000000, email_verified: true, sub: 's' })).toEqual({
      'cognito:groups': '[members moderators]',
      exp: '1700000000',
      email_verified: 'true',
      sub: 's',
    });
  });

  it('passes an empty array as "[]" and drops null claims', () => {
    expect(stringifyClaims({ 'cognito:groups': [], nothing: null })).toEqual({ 'cognito:groups': '[]' });
  });
});

describe('headers, cookies and query strings', () => {
  it('lower-cases header names and joins repeated headers with commas', () => {
    const { headers } = collectHeaders(['X-Multi', 'one', 'x-multi', 'two', 'Accept', 'text/plain']);

    expect(headers).toEqual({ 'x-multi': 'one,two', accept: 'text/plain' });
  });

  it('moves cookies out of the headers into their own list', () => {
    const { headers, cookies } = collectHeaders(['Cookie', 'a=1; b=2', 'cookie', 'c=3']);

    expect(cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(headers).not.toHaveProperty('cookie');
  });

  it('URL-decodes query parameters and joins repeated keys with commas', () => {
    expect(parseQueryString('tag=a&tag=b%20c&q=x+y&flag')).toEqual({ tag: 'a,b c', q: 'x y', flag: '' });
  });

  it('has no query parameters for an empty query string', () => {
    expect(parseQueryString('')).toBeUndefined();
  });
});

describe('bodies', () => {
  it('passes a JSON body as a UTF-8 string', () => {
    expect(encodeBody(Buffer.from('{"a":"é"}'), 'application/json; charset=utf-8')).toEqual({ body: '{"a":"é"}', isBase64Encoded: false });
  });

  it('base64-encodes a binary content type', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

    expect(encodeBody(bytes, 'image/png')).toEqual({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('base64-encodes bytes that are not UTF-8 even under a textual content type', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00]);

    expect(encodeBody(bytes, 'text/plain')).toEqual({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('has no body when the request has none', () => {
    expect(encodeBody(Buffer.alloc(0), 'application/json')).toEqual({ isBase64Encoded: false });
  });
});

describe('the payload-2.0 event', () => {
  it('is built like API Gateway builds it', () => {
    const event = buildHttpApiEvent(request(), context());

    expect(event).toEqual({
      version: '2.0',
      routeKey: 'POST /v1/posts/{postId}/comments',
      rawPath: '/v1/posts/p%201/comments',
      rawQueryString: 'limit=5&tag=a&tag=b',
      cookies: ['a=1', 'b=2'],
      headers: { host: 'localhost:3000', 'content-type': 'application/json', 'user-agent': 'curl/8', 'x-multi': 'one,two' },
      queryStringParameters: { limit: '5', tag: 'a,b' },
      pathParameters: { postId: 'p 1' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method: 'POST', path: '/v1/posts/p%201/comments', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'curl/8' },
        requestId: 'req-1',
        routeKey: 'POST /v1/posts/{postId}/comments',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: 1773342238123,
        authorizer: { jwt: { claims: { sub: 'u-1', 'cognito:groups': '[members moderators]', exp: '1700000000', token_use: 'access' }, scopes: null } },
      },
      body: '{"body":"héllo"}',
      isBase64Encoded: false,
    });
  });

  it('leaves out what the request does not have: query, path parameters, cookies, body, authorizer on a public route', () => {
    const event = buildHttpApiEvent(request({ method: 'GET', url: '/v1/health', rawHeaders: ['Host', 'localhost'], body: Buffer.alloc(0) }), {
      ...context({ routeKey: 'GET /v1/health', pathParameters: {} }),
      claims: undefined,
    });

    expect(event.rawQueryString).toBe('');
    for (const absent of ['queryStringParameters', 'pathParameters', 'cookies', 'body'] as const) expect(event).not.toHaveProperty(absent);
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event.requestContext.http.userAgent).toBe('');
  });

  it('adds the headers API Gateway adds', () => {
    const event = buildHttpApiEvent(request(), context({ addedHeaders: { 'x-forwarded-proto': 'http' } }));

    expect(event.headers['x-forwarded-proto']).toBe('http');
  });

  it('formats the request time as API Gateway does', () => {
    expect(formatRequestTime(new Date('2026-01-05T03:04:05Z'))).toBe('05/Jan/2026:03:04:05 +0000');
  });
});
