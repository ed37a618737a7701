/**
 * Builds every Lambda bundle the way the CDK stack does (esbuild with CHORUS_BUNDLING's options,
 * without running cdk), plus a reference bundle that only creates the DynamoDB document client, and
 * breaks each bundle's bytes down by npm package from esbuild's metafile.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { ROUTE_GROUPS } from '../lambdas/api/routes';
import { bundleDefinesOf, handlerEntry } from '../lib/constructs/members-api';
import { CHORUS_BUNDLING } from '../lib/constructs/chorus-function';

export const REFERENCE = 'reference';

/**
 * The functions that serve no route, built like the API groups: the stream publisher, the lake's
 * archiver and compactor, the ledger's measures job, the notifier, the member-data worker, the ideas
 * worker, the live functions and the two user pool triggers (every bundle test/infra/bundles.test.ts
 * holds to a budget).
 */
export const OTHER_FUNCTIONS = [
  'publisher',
  'archiver',
  'compactor',
  'ledger-measures',
  'notifier',
  'member-data',
  'ideas-worker',
  'live',
  'live-authorizer',
  'live-queue-counts',
  'post-confirmation',
  'pre-token-generation',
] as const;

/** What the reference bundle does: exactly lambdas/store/dynamo-client.ts's module scope, and a no-op handler. */
export const REFERENCE_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const dynamoClient = new DynamoDBClient({});
export const documentClient = DynamoDBDocumentClient.from(dynamoClient, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
export const handler = async () => ({ statusCode: 200 });
`;

export interface PackageShare {
  readonly name: string;
  /** Bytes of the minified output that came from this package's files. */
  readonly bytes: number;
}

export interface BundleFigure {
  readonly name: string;
  readonly entry: string;
  /** Absolute path of the built index.mjs (a temporary directory). */
  readonly file: string;
  /** Size of index.mjs as Lambda loads it (the source map is a separate file). */
  readonly bytes: number;
  /** Size gzipped (level 9): roughly what the deployment zip holds for it. */
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
  /** Output bytes per npm package (first-party code as "(chorus)"), largest first. */
  readonly packages: readonly PackageShare[];
  /** Output bytes of our own largest modules (paths under lambdas/), largest first; absent in results before 2026-11-30. */
  readonly modules?: readonly PackageShare[];
}

/**
 * esbuild options equivalent to what NodejsFunction passes for CHORUS_BUNDLING (aws-cdk-lib's
 * bundling.ts: --bundle --platform=node --target --format --minify --sourcemap --sources-content --main-fields
 * --banner:js, externals from externalModules: only the credential sources Lambda never reaches).
 */
export function esbuildOptionsOf(bundling: typeof CHORUS_BUNDLING): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: bundling.format === 'esm' ? 'esm' : 'cjs',
    minify: bundling.minify,
    charset: bundling.esbuildArgs['--charset'],
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    mainFields: [...bundling.mainFields],
    external: [...bundling.externalModules],
    banner: { js: bundling.banner },
    metafile: true,
    logLevel: 'silent',
  };
}

const packageOf = (input: string): string => {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return '(chorus)';
  const rest = input.slice(at + 'node_modules/'.length).split('/');
  return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
};

/** Our own modules' output bytes, the `top` largest first. */
export function ownModulesOf(metafile: Metafile, top = 8): PackageShare[] {
  const shares: PackageShare[] = [];
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (path.endsWith('.map')) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (packageOf(input) === '(chorus)' && bytesInOutput > 0) shares.push({ name: input.replace(/^lambdas\//, ''), bytes: bytesInOutput });
    }
  }
  return shares.sort((a, b) => b.bytes - a.bytes).slice(0, top);
}

export function packagesOf(metafile: Metafile): PackageShare[] {
  const totals = new Map<string, number>();
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (path.endsWith('.map')) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

async function buildOne(
  name: string,
  entry: string | { source: string },
  outDir: string,
  repoRoot: string,
  define?: Readonly<Record<string, string>>,
): Promise<BundleFigure> {
  const file = join(outDir, name, 'index.mjs');
  const input: BuildOptions =
    typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.source, loader: 'ts', resolveDir: repoRoot, sourcefile: `${name}.ts` } };
  const result = await build({
    ...esbuildOptionsOf(CHORUS_BUNDLING),
    ...(define ? { define: { ...define } } : {}),
    ...input,
    outfile: file,
    absWorkingDir: repoRoot,
  });
  const code = await readFile(file);
  const map = await readFile(`${file}.map`);
  return {
    name,
    entry: typeof entry === 'string' ? relative(repoRoot, entry) : '(bench/bundles.ts REFERENCE_SOURCE)',
    file,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    sourceMapBytes: map.length,
    packages: packagesOf(result.metafile!),
    modules: ownModulesOf(result.metafile!),
  };
}

/** Builds every Lambda bundle (one per route group, then OTHER_FUNCTIONS) and the reference bundle into outDir/<name>/index.mjs. */
export async function buildBundles(outDir: string, repoRoot: string): Promise<BundleFigure[]> {
  const figures: BundleFigure[] = [];
  // Each with what the stack defines for it at build time (the public function's OpenAPI document).
  for (const group of ROUTE_GROUPS) figures.push(await buildOne(group, handlerEntry(group), outDir, repoRoot, bundleDefinesOf(group)));
  for (const name of OTHER_FUNCTIONS) figures.push(await buildOne(name, join(repoRoot, 'lambdas', 'handlers', `${name}.ts`), outDir, repoRoot));
  figures.push(await buildOne(REFERENCE, { source: REFERENCE_SOURCE }, outDir, repoRoot));
  return figures;
}
