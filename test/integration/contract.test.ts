/**
 * The OpenAPI document served at /v1/openapi.json is the contract: for every operation it
 * describes, requests generated from its schemas (fast-check) are sent over HTTP to the API, and
 *   - a request the document says is valid is never refused for its shape (400 or 422),
 *   - every status the API answers is one the operation declares,
 *   - every body matches the schema declared for its status.
 * Path parameters name data each operation owns (its own community, post, comment, queue item and
 * product, created before its runs), so the generated requests reach the code behind validation.
 */
import fc from 'fast-check';
import { routes } from '../../lambdas/api/routes';
import { baseUrl, tokenFor, uniqueId } from './support/api';
import { type JsonSchema, Contract } from './support/contract';
import { member, openCommunity } from './support/fixtures';

/** Runs per operation: enough to meet every branch of a schema, few enough that 33 operations take seconds. */
const RUNS_PER_OPERATION = 12;
const EVERY_GROUP = ['members', 'moderators', 'senior-moderators', 'community-managers', 'finance'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Parameter {
  readonly name: string;
  readonly description?: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema: JsonSchema;
  readonly style?: string;
  readonly explode?: boolean;
}

interface Operation {
  readonly operationId: string;
  readonly description?: string;
  readonly parameters?: Parameter[];
  readonly security?: unknown[];
  readonly requestBody?: { content: Record<string, { schema: JsonSchema }> };
  readonly responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

interface Sent {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function send(request: Sent): Promise<Answer> {
  const response = await fetch(`${baseUrl()}${request.url}`, {
    method: request.method.toUpperCase(),
    headers: { ...request.headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

const servedDocument = async () => {
  const response = await fetch(`${baseUrl()}/v1/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /v1/openapi.json answered ${response.status}`);
  return (await response.json()) as { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; components: any };
};

/**
 * Refusals of a valid shape that keep a rule the document states in words (the operation's
 * description names it with its status), because it depends on stored state, the caller or another
 * request: the content's author, the post's kind, the item's allowed actions, a reused key.
 */
const RULES_IN_WORDS: Readonly<Record<string, RegExp>> = {
  reportPost: /cannot report your own content/,
  reportComment: /cannot report your own content/,
  createComment: /is not a comment of post|replies nest at most/,
  updatePost: /applies to reviews only|a review rates exactly one product/,
  setIdeaStatus: /only ideas have a status|becomes merged only by|a partner moving an idea gives the official status note/,
  acceptAnswer: /only questions have an accepted answer|is not a published comment of post/,
  unacceptAnswer: /only questions have an accepted answer/,
  putBrandReply: /only reviews take a brand reply/,
  withdrawBrandReply: /only reviews take a brand reply/,
  listCommunityPosts: /answered filters questions/,
  listIdeas: /status does not apply to sort=trending/,
  assignIdea: /team must be one of community|only ideas take votes, owners and statuses/,
  voteForIdea: /only ideas take votes, owners and statuses/,
  unvoteIdea: /only ideas take votes, owners and statuses/,
  getAssignment: /only ideas take votes, owners and statuses/,
  mergeIdea: /cannot be merged into itself|not a published idea|merge within one community/,
  unmergeIdea: /not a published idea/,
  decideItem: /is not possible on this item/,
  getCosts: /from must be before to|a report covers at most/,
  getLedger: /from must not be after to|a ledger shows at most/,
  sanctionMember: /cannot sanction yourself/,
};
const KEY_REUSED = /was already used with a different request body/;

function keepsStatedRule(operation: Operation, status: number, detail: string): boolean {
  const stated = (operation.description ?? '').includes(`(${status})`) && RULES_IN_WORDS[operation.operationId]?.test(detail) === true;
  const keyRule =
    status === 422 &&
    KEY_REUSED.test(detail) &&
    (operation.parameters ?? []).some((p) => p.name === 'Idempotency-Key' && /another body answers 422/.test(p.description ?? ''));
  return stated || keyRule;
}

/** What the document says is wrong with an answer; empty when it holds. */
function breaches(contract: Contract, operation: Operation, answer: Answer): string[] {
  const declared = operation.responses[String(answer.status)];
  if (!declared) return [`answered ${answer.status}, which the document does not declare (declared: ${Object.keys(operation.responses).join(', ')})`];
  const problems: string[] = [];
  if ((answer.status === 400 || answer.status === 422) && !keepsStatedRule(operation, answer.status, answer.text))
    problems.push(`refused a request the document says is valid: ${answer.status}`);
  if (!declared.content) {
    if (answer.text.length > 0) problems.push(`answered ${answer.status} with a body, declared without one`);
    return problems;
  }
  const mediaType = answer.contentType.split(';')[0]!.trim();
  const media = declared.content[mediaType];
  if (!media) return [...problems, `answered ${answer.status} as ${mediaType || 'nothing'}, declared as ${Object.keys(declared.content).join(', ')}`];
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [...problems, `answered ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 80)}`];
  }
  const mismatch = contract.mismatch(media.schema, body);
  return mismatch ? [...problems, `${answer.status} body breaks its declared schema: ${mismatch}`] : problems;
}

/** Data one operation owns: a community with a published idea (linked to a product), a comment on it and a queue item. */
async function ownData() {
  const { communityId, manager } = await openCommunity('contract', { postsPerMinute: 600, commentsPerMinute: 600 });
  const author = await member('author', EVERY_GROUP);
  const productId = `SKU-${uniqueId('p')}`.slice(0, 64);
  const post = await author.post(`/v1/communities/${communityId}/posts`, {
    kind: 'idea',
    title: 'Contract idea',
    body: 'Owned by one operation.',
    productIds: [productId],
  });
  if (post.status !== 201) throw new Error(`creating the post answered ${post.status}: ${JSON.stringify(post.body)}`);
  const postId = post.body.postId as string;
  const comment = await author.post(`/v1/posts/${postId}/comments`, { body: 'A comment of its own.' });
  if (comment.status !== 201) throw new Error(`creating the comment answered ${comment.status}: ${JSON.stringify(comment.body)}`);
  const reporter = await member('reporter');
  const report = await reporter.post(`/v1/posts/${postId}/reports`, { reasonCode: 'spam' });
  if (report.status !== 201) throw new Error(`reporting the post answered ${report.status}: ${JSON.stringify(report.body)}`);
  const authorToken = await tokenFor(author.name, EVERY_GROUP);
  return {
    authorToken,
    managerName: manager.name,
    pathValues: { communityId, postId, commentId: comment.body.commentId as string, itemId: report.body.itemId as string, memberId: author.name, productId },
  };
}

type OwnData = Awaited<ReturnType<typeof ownData>>;

/** A request to `operation` from generated parts: path values from the operation's own data, the rest from the document. */
function requests(contract: Contract, path: string, method: string, operation: Operation, own: OwnData): fc.Arbitrary<() => Promise<Sent>> {
  const parameters = operation.parameters ?? [];
  const part = (p: Parameter) => (p.required ? contract.arbitrary(p.schema) : fc.option(contract.arbitrary(p.schema), { nil: undefined }));
  const pathValues = own.pathValues as Record<string, string>;
  const pathParts = fc.record(
    Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.name in pathValues ? fc.constant(pathValues[p.name]!) : part(p)])),
  );
  // A cursor is opaque: only a page the API served can give one, so none is generated.
  const queryParts = fc.tuple(
    ...parameters
      .filter((p) => p.in === 'query' && p.name !== 'cursor')
      .map((p) =>
        (p.style === 'form' && p.explode !== false && p.schema ? part(p) : part(p).map((value) => (value === undefined ? undefined : { [p.name]: value }))).map(
          (value) => Object.entries((value ?? {}) as Record<string, unknown>).filter(([name, v]) => name !== 'cursor' && v !== undefined),
        ),
      ),
  );
  const headerParts = fc.record(
    Object.fromEntries(
      parameters
        .filter((p) => p.in === 'header')
        // If-Match: the post's current ETag (read just before sending), or any string the schema allows.
        .map((p) => [p.name, p.name === 'If-Match' ? fc.oneof(fc.constant(CURRENT_ETAG), part(p)) : part(p)]),
    ),
  );
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const body = bodySchema ? contract.arbitrary(bodySchema) : fc.constant(undefined);
  const caller = operation.security?.length === 0 ? fc.constant('nobody' as const) : fc.constantFrom('author' as const, 'stranger' as const);
  return fc.record({ pathParts, queryParts, headerParts, body, caller }).map((generated) =>
    Object.assign(
      async () => {
        const url =
          path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String((generated.pathParts as Record<string, unknown>)[name]))) +
          queryString(generated.queryParts.flat());
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(generated.headerParts)) {
          if (value === undefined) continue;
          headers[name.toLowerCase()] = value === CURRENT_ETAG ? await currentEtag(url) : String(value);
        }
        // A stranger is a new account in every group: the author's own limits and once-per-member rules stay out of its way.
        if (generated.caller === 'author') headers.authorization = `Bearer ${own.authorToken}`;
        if (generated.caller === 'stranger') headers.authorization = `Bearer ${await tokenFor(uniqueId('stranger'), EVERY_GROUP)}`;
        return { method, url, headers, body: generated.body };
      },
      { [fc.toStringMethod]: () => fc.stringify(generated) },
    ),
  );
}

const CURRENT_ETAG = Symbol('the current ETag');

async function currentEtag(url: string): Promise<string> {
  const response = await fetch(`${baseUrl()}${url.split('?')[0]}`, { headers: { authorization: `Bearer ${await tokenFor('etag-reader', ['moderators'])}` } });
  await response.arrayBuffer();
  return response.headers.get('etag') ?? '"0"';
}

const queryString = (entries: readonly (readonly [string, unknown])[]): string =>
  entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([name, value]): [string, string] => [name, String(value)])).toString()}`;

describe('the OpenAPI document, tried against the API', () => {
  let document: Awaited<ReturnType<typeof servedDocument>>;
  let contract: Contract;

  beforeAll(async () => {
    document = await servedDocument();
    contract = new Contract(document);
  });

  // One test per route of the route table (known when tests are collected); each reads its operation from the served document.
  it.each(routes.map((route) => [route.operationId, route.method.toLowerCase(), route.path] as const))(
    '%s: generated valid requests are never refused for shape, and are answered only with declared statuses and schemas',
    async (operationId, method, path) => {
      const operation = document.paths[path]?.[method as (typeof METHODS)[number]];
      expect(operation?.operationId).toBe(operationId);
      const own = await ownData();
      await fc.assert(
        fc.asyncProperty(requests(contract, path, method, operation!, own), async (prepare) => {
          const request = await prepare();
          const answer = await send(request);
          const found = breaches(contract, operation!, answer);
          if (found.length > 0)
            throw new Error(
              `${request.method.toUpperCase()} ${request.url} ${JSON.stringify(request.body)}\n${found.join('\n')}\n${answer.text.slice(0, 400)}`,
            );
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
    },
  );

  it('answers a URL longer than the server takes with 431 and a problem body, as every operation declares', async () => {
    const answer = await send({ method: 'get', url: `/v1/communities?cursor=${'x'.repeat(20_000)}`, headers: {} });

    expect(answer.status).toBe(431);
    const operation = document.paths['/v1/communities']!.get!;
    expect(breaches(contract, operation, answer)).toEqual([]);
    expect(JSON.parse(answer.text)).toMatchObject({ status: 431 });
  });
});
