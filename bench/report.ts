/**
 * Turns the measurements of one run into the targets' verdicts, bench/results.json and BENCHMARKS.md.
 * Every figure in the Markdown says how it was measured; every verdict compares figures of the same run.
 */
import { routes as routeTable } from '../lambdas/api/routes';
import { apiRequestFloor, apiRequestUsage, costOf, times, type Cost } from '../lambdas/finance/cost';
import type { PriceTable } from '../lambdas/finance/pricing';
import type { BundleFigure } from './bundles';
import type { InitFigure } from './cold-init';
import type { RouteFigure } from './handler-overhead';
import type { UnitBudget } from './routes';
import type { ScaleFigure, SeedFigure } from './scale';
import { round } from './stats';

export const TARGETS = {
  bundleBytes: 300_000,
  initRatio: 1.5,
  overheadRatio: 1.25,
  costRatio: 1.2,
} as const;

export interface RouteCost {
  readonly operationId: string;
  readonly name: string;
  /** USD per million requests, by dimension. */
  readonly perMillion: Cost;
  readonly floorPerMillion: Cost;
  readonly ratio: number;
}

export interface TargetVerdict {
  readonly target: string;
  readonly subject: string;
  readonly met: boolean;
  readonly detail: string;
}

export interface BenchInput {
  readonly measuredAt: string;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly settings: { readonly iterations: number; readonly initRuns: number; readonly scaleSizes: readonly number[]; readonly lambdaMemoryMb: number };
  readonly bundles: readonly BundleFigure[];
  readonly referenceBundle: string;
  readonly init: { readonly deployed: readonly InitFigure[]; readonly withoutSourceMaps: readonly InitFigure[] };
  readonly routes: readonly RouteFigure[];
  readonly budgets: Readonly<Record<string, UnitBudget>>;
  readonly scale: { readonly checks: readonly ScaleFigure[]; readonly seeding: readonly SeedFigure[] };
  readonly prices: PriceTable;
  readonly phasesMs: Readonly<Record<string, number>>;
  totalMs: number;
}

export interface BenchResults extends BenchInput {
  readonly costs: readonly RouteCost[];
  readonly targets: readonly TargetVerdict[];
}

const pct = (ratio: number) => `${ratio >= 1 ? '+' : ''}${Math.round((ratio - 1) * 100)}%`;

export function evaluate(input: BenchInput): BenchResults {
  const targets: TargetVerdict[] = [];
  const memoryMb = input.settings.lambdaMemoryMb;

  for (const b of input.bundles.filter((x) => x.name !== input.referenceBundle)) {
    targets.push({
      target: `bundle <= ${TARGETS.bundleBytes / 1000} KB`,
      subject: b.name,
      met: b.bytes <= TARGETS.bundleBytes,
      detail: `${b.name}: ${(b.bytes / 1000).toFixed(1)} KB (${(b.bytes / TARGETS.bundleBytes).toFixed(2)} x the target)`,
    });
  }
  const reference = input.init.deployed.find((f) => f.name === input.referenceBundle)!;
  for (const f of input.init.deployed.filter((x) => x.name !== input.referenceBundle)) {
    const ratio = f.medianImportMs / reference.medianImportMs;
    targets.push({
      target: `cold init <= ${TARGETS.initRatio} x reference`,
      subject: f.name,
      met: ratio <= TARGETS.initRatio,
      detail: `${f.name}: ${f.medianImportMs} ms vs reference ${reference.medianImportMs} ms = ${ratio.toFixed(2)} x`,
    });
  }
  for (const r of input.routes) {
    if (r.overheadRatio !== null) {
      targets.push({
        target: `handler <= ${TARGETS.overheadRatio} x raw DynamoDB calls`,
        subject: r.name,
        met: r.overheadRatio <= TARGETS.overheadRatio,
        detail: `${r.name}: median ${r.handlerMedianMs} ms vs raw ${r.rawMedianMs} ms = ${r.overheadRatio.toFixed(2)} x`,
      });
    }
    const budget = input.budgets[r.operationId];
    if (budget) {
      targets.push({
        target: 'units <= budget',
        subject: r.name,
        met: r.readUnits <= budget.read && r.writeUnits <= budget.write,
        detail: `${r.name}: ${r.readUnits} RRU / ${r.writeUnits} WRU vs budget ${budget.read} / ${budget.write}`,
      });
    }
  }
  for (const c of input.scale.checks) {
    targets.push({
      target: 'units equal at every table size',
      subject: c.name,
      met: c.equal,
      detail: `${c.name}: ${c.atPosts.map((a) => `${a.readUnits} RRU / ${a.writeUnits} WRU at ${a.posts.toLocaleString('en-US')} posts`).join(', ')}`,
    });
  }

  const costs: RouteCost[] = input.routes.map((r) => {
    const budget = input.budgets[r.operationId] ?? { read: r.readUnits, write: r.writeUnits };
    const perMillion = times(costOf(input.prices, apiRequestUsage({ durationMs: r.handlerMedianMs, memoryMb, readRequestUnits: r.readUnits, writeRequestUnits: r.writeUnits })), 1e6);
    const floorPerMillion = times(costOf(input.prices, apiRequestFloor({ dynamoDbMs: r.rawMedianMs, memoryMb, readRequestUnits: budget.read, writeRequestUnits: budget.write })), 1e6);
    return { operationId: r.operationId, name: r.name, perMillion, floorPerMillion, ratio: round(perMillion.total / floorPerMillion.total, 3) };
  });
  for (const c of costs) {
    targets.push({
      target: `cost <= ${TARGETS.costRatio} x floor`,
      subject: c.name,
      met: c.ratio <= TARGETS.costRatio,
      detail: `${c.name}: $${c.perMillion.total.toFixed(2)} vs floor $${c.floorPerMillion.total.toFixed(2)} per million = ${c.ratio.toFixed(2)} x`,
    });
  }
  return { ...input, costs, targets };
}

// ---------------------------------------------------------------------------------------------
// BENCHMARKS.md

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const usd = (v: number) => `$${v.toFixed(2)}`;
const mark = (met: boolean) => (met ? 'met' : '**missed**');
const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function renderMarkdown(r: BenchResults): string {
  const missed = r.targets.filter((t) => !t.met);
  const byTarget = new Map<string, TargetVerdict[]>();
  for (const t of r.targets) byTarget.set(t.target, [...(byTarget.get(t.target) ?? []), t]);
  const reference = r.bundles.find((b) => b.name === r.referenceBundle)!;
  const refInit = r.init.deployed.find((f) => f.name === r.referenceBundle)!;
  const refInitNoMaps = r.init.withoutSourceMaps.find((f) => f.name === r.referenceBundle)!;
  const measuredOps = new Set(r.routes.map((x) => x.operationId));
  const unmeasured = routeTable.filter((x) => !measuredOps.has(x.operationId));
  const out: string[] = [];

  out.push(`# Chorus benchmarks

Written by \`npm run bench\` (bin/bench.ts, bench/) on ${r.measuredAt.slice(0, 10)}: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB,
Node ${r.machine.node}, ${r.machine.platform}. The whole run took ${Math.round(r.totalMs / 1000)} s
(${Object.entries(r.phasesMs).map(([k, v]) => `${k} ${Math.round(v / 1000)} s`).join(', ')}). Machine-readable figures: \`bench/results.json\`.
Every median and ratio below comes from this one run. A benchmark, not a test: \`npm run bench\` exits 1 only when a target is missed,
and a missed target is reported here as a finding, not moved.

## Targets

${table(
  ['target', 'met / measured', 'missed'],
  [...byTarget].map(([target, verdicts]) => [
    target,
    `${verdicts.filter((v) => v.met).length} / ${verdicts.length}`,
    verdicts.filter((v) => !v.met).map((v) => v.detail).join('; ') || '-',
  ]),
)}

${missed.length === 0 ? 'Every target is met.' : `${missed.length} of ${r.targets.length} checks missed; see each section for why.`}
`);

  out.push(`## 1. Bundles and cold init

**How measured.** Each route group's entry (\`lambdas/handlers/<group>.ts\`) is bundled with esbuild using exactly the options
\`CHORUS_BUNDLING\` gives \`NodejsFunction\` (ESM, node24, minified, source map, \`module\` before \`main\`, the SDK bundled, the
\`createRequire\` banner); cdk is not run. Size is \`index.mjs\` as Lambda loads it (the source map is a separate file); 1 KB = 1,000 bytes.
The *reference* bundle creates only the DynamoDB document client, exactly as \`lambdas/store/dynamo-client.ts\` does.
Cold init: ${r.settings.initRuns} fresh \`node\` processes per bundle (interleaved across bundles, after one warm-up round), each
importing the bundle until its \`handler\` export exists, i.e. the Lambda INIT phase; the median is reported. *Import* is the
import alone; *ready* adds Node's own start (process start to handler ready). The environment is the function's: Powertools
variables, table names, region, and \`NODE_OPTIONS=--enable-source-maps\` as ChorusFunction sets it ("as deployed"); the
second column group repeats the runs without it.

${table(
  ['bundle', 'size', 'gzipped', '≤ 300 KB', 'import (as deployed)', 'ready', 'x reference', '≤ 1.5 x', 'import without source maps', 'x reference'],
  r.bundles.map((b) => {
    const d = r.init.deployed.find((f) => f.name === b.name)!;
    const n = r.init.withoutSourceMaps.find((f) => f.name === b.name)!;
    const isRef = b.name === r.referenceBundle;
    const ratio = d.medianImportMs / refInit.medianImportMs;
    return [
      isRef ? `*${b.name}*` : b.name,
      kb(b.bytes),
      kb(b.gzipBytes),
      isRef ? '-' : mark(b.bytes <= TARGETS.bundleBytes),
      `${d.medianImportMs.toFixed(1)} ms`,
      `${d.medianReadyMs.toFixed(1)} ms`,
      `${ratio.toFixed(2)} x`,
      isRef ? '-' : mark(ratio <= TARGETS.initRatio),
      `${n.medianImportMs.toFixed(1)} ms`,
      `${(n.medianImportMs / refInitNoMaps.medianImportMs).toFixed(2)} x`,
    ];
  }),
)}

**Where the bytes are** (esbuild metafile, output bytes per npm package; "(chorus)" is our own code):

${table(
  ['package', ...r.bundles.map((b) => b.name)],
  (() => {
    const names = new Map<string, number>();
    for (const b of r.bundles) for (const p of b.packages) names.set(p.name, Math.max(names.get(p.name) ?? 0, p.bytes));
    const top = [...names].filter(([, v]) => v >= 3000).sort((a, b) => b[1] - a[1]).map(([n]) => n);
    const rows = top.map((name) => [name, ...r.bundles.map((b) => { const p = b.packages.find((x) => x.name === name); return p && p.bytes > 0 ? kb(p.bytes) : '-'; })]);
    rows.push(['everything else', ...r.bundles.map((b) => kb(b.packages.filter((p) => !top.includes(p.name)).reduce((s, p) => s + p.bytes, 0)))]);
    return rows;
  })(),
)}

The reference alone is ${kb(reference.bytes)}: the AWS SDK v3 DynamoDB client with its Smithy core, built with the same
options, so without the credential sources Lambda never reaches (SSO, ini, process, web identity, container and instance
metadata: \`UNREACHED_CREDENTIAL_SOURCES\` in lib/constructs/chorus-function.ts). What remains above it in a route group's
bundle is zod (every group carries the whole route table's schemas), Powertools and our own code.
`);

  out.push(`## 2. Handler overhead (warm, in process)

**How measured.** DynamoDB Local (in memory, a free port) with the stack's tables (\`ensureTables\`); the handlers' environment
set before \`lambdas/handlers/*.ts\` are imported in the benchmark's process. Each route: ${Math.min(20, r.settings.iterations)} warm-up
then ${r.settings.iterations} measured invocations of the handler with a payload-2.0 event built by
\`lambdas/local/api-gateway-event.ts\` (JWT claims as API Gateway's authorizer passes them). A bench-only SDK middleware on the
shared client (\`bench/dynamo-recorder.ts\`) records each DynamoDB command as marshalled on the wire; right after each invocation the
same inputs are replayed, in order, on a plain \`DynamoDBClient\`, each call timed; *raw* is the sum. Writes are replayed on twin
data (a second identical post, another member, a fresh id of the same length), so the replay does the same work and consumes the
same units instead of failing a condition. Handler time includes middy, Powertools logging, validation, idempotency and the
document client's marshalling, which is what the ratio is meant to expose. Absolute times are DynamoDB Local's (a Java process
on this machine), not DynamoDB's; the ratio is the figure that carries over.

${table(
  ['route', '', 'handler median', 'handler p99', 'raw DynamoDB (sum)', 'ratio', '≤ 1.25 x', 'calls'],
  r.routes.map((x) => [
    x.name,
    `\`${x.route}\``,
    `${x.handlerMedianMs.toFixed(2)} ms`,
    `${x.handlerP99Ms.toFixed(2)} ms`,
    x.overheadRatio === null ? 'no calls' : `${x.rawMedianMs.toFixed(2)} ms`,
    x.overheadRatio === null ? '-' : `${x.overheadRatio.toFixed(2)} x`,
    x.overheadRatio === null ? '-' : mark(x.overheadRatio <= TARGETS.overheadRatio),
    x.calls.map((c) => c.command).join(', ') || '-',
  ]),
)}
`);

  out.push(`## 3. DynamoDB request units per route

**How measured.** The same middleware sets \`ReturnConsumedCapacity: 'INDEXES'\` on every command and adds up what DynamoDB Local
reports (it does, for every command: table and each index). Units are on-demand request units, median over the
${r.settings.iterations} invocations (*stable*: every invocation consumed the same). DynamoDB Local's figures already include the
2 x cost of transactional reads and writes (checked: a 1 KB put inside TransactWriteItems reports 2 WRU) and report a
ConditionCheck inside a transaction as a transactional write of the checked item. Bench items: a post of a 60-character title, a
600-character body, two tags and one product is just over 1 KB (2 WRU a write, 0.5 RRU an eventually consistent read); a
comment is ~0.45 KB. Budgets are what each route cannot do without, in \`bench/routes.ts\` with the reason.

${table(
  ['route', 'RRU', 'WRU', 'budget RRU / WRU', 'within', 'stable', 'by table / index', 'why (budget)'],
  r.routes.map((x) => {
    const b = r.budgets[x.operationId];
    return [
      x.name,
      x.readUnits,
      x.writeUnits,
      b ? `${b.read} / ${b.write}` : '-',
      b ? mark(x.readUnits <= b.read && x.writeUnits <= b.write) : '-',
      x.unitsStable ? 'yes' : 'no',
      Object.entries(x.byTarget).map(([k, v]) => `${k.replace(/^chorus-bench-idempotency/, 'idempotency table').replace(/^chorus-bench/, 'table').replace('table/index:', '')} ${v}`).join(', ') || '-',
      b?.reason ?? '',
    ];
  }),
)}

<details><summary>Each route's calls, in order (last measured invocation)</summary>

${r.routes
  .filter((x) => x.calls.length > 0)
  .map((x) => `- **${x.name}**: ${x.calls.map((c) => `${c.command} ${c.table.replace(/^chorus-bench-idempotency/, 'idempotency table').replace(/^chorus-bench/, 'table')} (${c.read ? `${c.read} RRU` : `${c.write} WRU`})`).join(' → ')}`)
  .join('\n')}

</details>

### Scale: the same request with more data

**How measured.** One community (\`bench-scale\`) is filled with post items built by \`postItem\` (lambdas/store/keys.ts), written
with BatchWriteItem, 25 items a request, ${r.scale.seeding[0]?.parallelRequests ?? '-'} requests in flight; the community's own feed partition is the one
that grows (the worst case for an O(table) mistake). At each size the route runs ${Math.min(50, r.settings.iterations)} times as in section 2.

${table(
  ['request', ...r.settings.scaleSizes.map((s) => `${s.toLocaleString('en-US')} posts: RRU / WRU, handler median`), 'equal units'],
  r.scale.checks.map((c) => [c.name, ...c.atPosts.map((a) => `${a.readUnits} / ${a.writeUnits}, ${a.handlerMedianMs.toFixed(2)} ms`), mark(c.equal)]),
)}

Seeding: ${r.scale.seeding.map((s) => `${s.posts.toLocaleString('en-US')} posts in ${(s.ms / 1000).toFixed(1)} s (${s.itemsPerSecond.toLocaleString('en-US')} items/s)`).join('; ')}.
`);

  out.push(`## 4. Cost per million requests

**How measured.** Each route's measured median handler duration (billed rounded up to 1 ms, at the configured ${r.settings.lambdaMemoryMb} MB,
Arm) and measured units, priced by \`pricing/aws-us-east-1.json\` (version ${r.prices.version}: ${r.prices.note}) with
\`lambdas/finance/cost.ts\`. The *floor* is what the route would cost if its code added nothing: one API Gateway request, one Lambda
request, Lambda duration for only its raw DynamoDB time (section 2) at ${r.settings.lambdaMemoryMb} MB, and its budgeted units (section 3).
Not included in either: CloudWatch Logs, X-Ray traces, data transfer, storage.

${table(
  ['route', 'per million', 'API Gateway', 'Lambda requests', 'Lambda duration', 'DynamoDB reads', 'DynamoDB writes', 'floor', 'ratio', '≤ 1.2 x'],
  r.costs.map((c) => [
    c.name,
    usd(c.perMillion.total),
    usd(c.perMillion.apiGateway),
    usd(c.perMillion.lambdaRequests),
    usd(c.perMillion.lambdaDuration),
    usd(c.perMillion.dynamoDbReads),
    usd(c.perMillion.dynamoDbWrites),
    usd(c.floorPerMillion.total),
    `${c.ratio.toFixed(2)} x`,
    mark(c.ratio <= TARGETS.costRatio),
  ]),
)}

Prices used (USD, us-east-1, first tier, checked ${Object.values(r.prices.prices)[0]!.checked}):
${Object.entries(r.prices.prices).map(([name, p]) => `- ${name}: ${p.usd} per ${p.per.toLocaleString('en-US')} ${p.unit} (${p.tier}) — ${p.source}`).join('\n')}
`);

  out.push(`## 5. Analytics path

**Not measured yet: the analytics pipeline has not landed.** No events-per-object, bytes-per-event or archiver throughput figure is
given until it has. Method, once it is on the emulators: drive \`POST /v1/events\` and the table's stream with a fixed mix of events
(N = 10,000+), let the local queue poller run the archiver with the stack's batch size and window, then (1) events per S3 object and
(2) bytes per event = object sizes in the lake prefix \`events/v1/\` (ListObjectsV2 on fauxqs) over events written, per event type;
(3) archiver events/s = events archived over the archiver's summed handler time, timed in process like section 2; and price each
event with the same \`cost.ts\` (SQS requests per 64 KB chunk, S3 PUTs per object, storage per GB-month, Athena per TB scanned for a
day's partition). The SQS, S3, Athena and CloudWatch Logs prices are already in the price table for that.

${unmeasured.length ? `Routes of the route table without a benchmark entry yet (one entry each in \`bench/routes.ts\`): ${unmeasured.map((x) => `\`${x.method} ${x.path}\``).join(', ')}.` : ''}
`);

  out.push(`## Reproducing

\`\`\`sh
npm run bench                                   # everything above, ~${Math.max(1, Math.round(r.totalMs / 60000))} min on this machine; needs Java 17+ for DynamoDB Local
BENCH_ITERATIONS=50 BENCH_INIT_RUNS=15 BENCH_SCALE=1000,10000 npm run bench   # a quicker, noisier run
\`\`\`

- Bundle sizes and the package breakdown: \`bench/bundles.ts\` (esbuild with \`esbuildOptionsOf(CHORUS_BUNDLING)\`, metafile).
- Cold init: \`bench/cold-init.ts\` (\`BENCH_INIT_RUNS\` fresh processes per bundle).
- Handler overhead and units: \`bench/handler-overhead.ts\` with the route entries of \`bench/routes.ts\` (\`BENCH_ITERATIONS\`).
- Scale: \`bench/scale.ts\` (\`BENCH_SCALE\`, the table sizes).
- Cost: \`lambdas/finance/cost.ts\` over \`pricing/aws-us-east-1.json\`; unit tests in \`test/unit/finance/\`.
`);
  return `${out.join('\n')}`;
}
