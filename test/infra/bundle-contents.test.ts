/**
 * What each group's bundle is built from, read from esbuild's metafile (the bundler NodejsFunction
 * runs): a group carries its own routes and schemas and the adapters it uses, never another group's.
 * The sizes themselves are bundles.test.ts's business.
 */
import { build } from 'esbuild';
import { ROUTE_GROUPS, routesOf, type RouteGroup } from '../../lambdas/api/routes';
import { CHORUS_BUNDLING } from '../../lib/constructs/chorus-function';
import { bundleDefinesOf, handlerEntry } from '../../lib/constructs/members-api';

/** The wire-schema modules a group's routes are declared with, besides api/common-schemas.ts. */
const OWN_SCHEMAS: Record<RouteGroup, readonly string[]> = {
  // The public group serves the OpenAPI document, which the stack generates at build time (bundleDefinesOf).
  public: ['lambdas/api/platform-schemas.ts'],
  members: ['lambdas/api/member-schemas.ts', 'lambdas/api/sanction-schemas.ts'],
  // Export and erasure: their own schemas, so the members bundle carries none of them.
  privacy: ['lambdas/api/privacy-schemas.ts'],
  communities: ['lambdas/api/community-schemas.ts'],
  posts: ['lambdas/api/post-schemas.ts', 'lambdas/api/post-view-schemas.ts'],
  comments: ['lambdas/api/comment-schemas.ts'],
  reactions: ['lambdas/api/reaction-schemas.ts'],
  // A post as lists show it (post-view-schemas.ts), without the posts group's requests.
  ideas: ['lambdas/api/idea-schemas.ts', 'lambdas/api/post-view-schemas.ts'],
  'idea-merges': ['lambdas/api/idea-merge-schemas.ts'],
  'idea-workflow': ['lambdas/api/idea-workflow-schemas.ts', 'lambdas/api/idea-schemas.ts', 'lambdas/api/post-view-schemas.ts'],
  events: ['lambdas/analytics/event-schemas.ts'],
  // A reject decision may carry a sanction (NewSanction, issue 15): its own module, not the rest of member-schemas.ts.
  moderation: ['lambdas/api/moderation-schemas.ts', 'lambdas/api/sanction-schemas.ts'],
  desk: ['lambdas/api/desk-schemas.ts'],
  finance: ['lambdas/api/finance-schemas.ts'],
  notifications: ['lambdas/api/notification-schemas.ts'],
};
const MODERATED_GROUPS: readonly RouteGroup[] = ['posts', 'comments', 'moderation'];
/**
 * Groups on the content store (dynamo-store.ts). The others compose the part they use: reactions their adapter
 * (dynamo-reaction-store.ts, which the content store includes), communities theirs (dynamo-community-store.ts), and
 * ideas and moderation readers of posts, comments and communities (dynamo-post-reader.ts reads through the reaction
 * adapter's readPost; moderation's decisions write content through the queue's plan, not the content store).
 */
const CONTENT_GROUPS: readonly RouteGroup[] = ['posts', 'comments'];
const IDEA_GROUPS = ['ideas', 'idea-merges', 'idea-workflow'] as const satisfies readonly RouteGroup[];
const TABLE_GROUPS: readonly RouteGroup[] = ['reactions', ...IDEA_GROUPS, 'moderation', ...CONTENT_GROUPS];
/** The desk only looks communities up (the community adapter's reader), beside its own store. */
const COMMUNITY_GROUPS: readonly RouteGroup[] = ['communities', ...IDEA_GROUPS, 'desk', 'moderation', ...CONTENT_GROUPS];

/** The files that put bytes into the bundle (tree-shaken modules list zero and are left out). */
async function contentsOf(group: RouteGroup): Promise<string[]> {
  const result = await build({
    entryPoints: [handlerEntry(group)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: CHORUS_BUNDLING.target,
    mainFields: [...CHORUS_BUNDLING.mainFields],
    external: [...CHORUS_BUNDLING.externalModules],
    // What the stack defines for the group at build time (the public function's OpenAPI document).
    define: { ...bundleDefinesOf(group) },
    minify: true,
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
}

const contents = new Map<RouteGroup, string[]>();

beforeAll(async () => {
  for (const group of ROUTE_GROUPS) contents.set(group, await contentsOf(group));
}, 60_000);

const of = (group: RouteGroup) => contents.get(group)!;
const fromPackage = (name: string) => (input: string) => input.includes(`node_modules/${name}/`);

test.each(ROUTE_GROUPS)("the %s bundle carries its own routes and schemas, no other group's", (group) => {
  const routeModules = of(group).filter((input) => input.startsWith('lambdas/api/routes/'));
  const schemaModules = of(group).filter((input) => input.endsWith('schemas.ts') && input !== 'lambdas/api/common-schemas.ts');
  expect(routeModules).toEqual([`lambdas/api/routes/${group}.ts`]);
  expect(schemaModules.sort()).toEqual([...OWN_SCHEMAS[group]].sort());
});

test('the public bundle serves the OpenAPI document without the route table or the generator: the stack builds the document in', () => {
  expect(routesOf('public').map((r) => r.operationId)).toContain('getOpenApi');
  expect(of('public')).not.toContain('lambdas/api/routes/index.ts');
  expect(of('public')).not.toContain('lambdas/api/openapi.ts');
  expect(of('public')).toContain('lambdas/api/openapi-packed.ts');
});

test.each(ROUTE_GROUPS)('the %s bundle carries the table adapters and idempotency only if its group uses them', (group) => {
  const bundle = of(group);
  expect({
    contentStore: bundle.includes('lambdas/store/dynamo-store.ts'),
    communityStore: bundle.includes('lambdas/store/dynamo-community-store.ts'),
    reactionStore: bundle.includes('lambdas/store/dynamo-reaction-store.ts'),
    moderationStore: bundle.includes('lambdas/store/dynamo-moderation-store.ts'),
    idempotency: bundle.includes('lambdas/http/idempotency.ts'),
  }).toEqual({
    contentStore: CONTENT_GROUPS.includes(group),
    communityStore: COMMUNITY_GROUPS.includes(group),
    reactionStore: TABLE_GROUPS.includes(group),
    moderationStore: MODERATED_GROUPS.includes(group),
    idempotency: routesOf(group).some((route) => route.idempotent),
  });
});

/** The idea adapters by concern, and the one group whose routes write through each (the full store is the posts group's and the worker's). */
const IDEA_ADAPTERS = {
  'lambdas/store/dynamo-idea-votes.ts': 'ideas',
  'lambdas/store/dynamo-idea-merges.ts': 'idea-merges',
  'lambdas/store/dynamo-merge-steps.ts': 'idea-merges',
  'lambdas/store/dynamo-idea-workflow.ts': 'idea-workflow',
} as const satisfies Record<string, (typeof IDEA_GROUPS)[number]>;

test.each(IDEA_GROUPS)("the %s bundle carries the idea reads and its own concern's writes, not the other idea functions' nor the whole idea store", (group) => {
  const bundle = of(group);
  const adapters = Object.keys(IDEA_ADAPTERS).filter((file) => bundle.includes(file));
  expect(bundle).toContain('lambdas/store/dynamo-idea-reads.ts');
  expect(adapters.sort()).toEqual(
    Object.entries(IDEA_ADAPTERS)
      .filter(([, owner]) => owner === group)
      .map(([file]) => file)
      .sort(),
  );
  expect(bundle).not.toContain('lambdas/store/dynamo-idea-store.ts');
  expect(bundle).not.toContain('lambdas/store/dynamo-vote-settle.ts');
});

test.each(ROUTE_GROUPS)(
  "the %s bundle carries none of Powertools' Logger, idempotency or JMESPath: http/logger.ts and http/idempotency.ts do their work in 4 KB",
  (group) => {
    const powertools = ['logger', 'idempotency', 'jmespath'].filter((name) => of(group).some(fromPackage(`@aws-lambda-powertools/${name}`)));

    expect(powertools).toEqual([]);
  },
);
