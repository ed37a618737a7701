/**
 * Turns the measurements of one run into the targets' verdicts, bench/results.json and BENCHMARKS.md.
 * Every figure in the Markdown says how it was measured; every verdict compares figures of the same run.
 */
import { routes as routeTable } from '../lambdas/api/routes';
import { apiRequestFloor, apiRequestUsage, costOf, times, type Cost } from '../lambdas/finance/cost';
import { type PriceTable, unitPrice } from '../lambdas/finance/pricing';
import type { BundleFigure } from './bundles';
import type { AnalyticsFigure } from './events';
import type { InitFigure } from './cold-init';
import type { LakeFigure } from './lake';
import type { RouteFigure } from './handler-overhead';
import type { MemberDataFigures } from './member-data';
import type { UnitBudget } from './routes';
import type { ScaleFigure, SeedFigure } from './scale';
import { SECTION_NAMES, SECTIONS, type Section } from './sections';
import { round } from './stats';

export const TARGETS = {
  bundleBytes: 300_000,
  /** Cold init, as deployed (source maps on), against the bare DynamoDB-client bundle: issue 11 says 1.3 x. */
  initRatio: 1.3,
  overheadRatio: 1.25,
  costRatio: 1.2,
  /** Lake pipeline, end to end: sends + receives (with their payload) + deletes, per event (issue 11). */
  sqsRequestsPerEvent: 0.02,
  /** Bytes a 7-day report reads over the bytes of that week's partitions (issue 11). */
  reportWindowRatio: 1.1,
} as const;

/** The SQS requests per event of the analytics path, all of them: what the target is checked on. */
export const sqsRequestsPerEventOf = (a: AnalyticsFigure): number =>
  round(a.sqsRequestsPerEvent.send + a.sqsRequestsPerEvent.receive + a.sqsRequestsPerEvent.receivedPayload + a.sqsRequestsPerEvent.delete, 4);

export interface RouteCost {
  readonly operationId: string;
  readonly name: string;
  /** USD per million requests, by dimension. */
  readonly perMillion: Cost;
  readonly floorPerMillion: Cost;
  readonly ratio: number;
}

export interface TargetVerdict {
  /** The bench section that measured it (bench/sections.ts). */
  readonly section: Section;
  readonly target: string;
  readonly subject: string;
  readonly met: boolean;
  readonly detail: string;
}

export interface BenchInput {
  readonly measuredAt: string;
  /** When each section's figures were measured: this run, an earlier one (`--only`), or never (null). */
  readonly sectionsMeasuredAt: Readonly<Record<Section, string | null>>;
  /** The sections this run measured. */
  readonly ran: readonly Section[];
  readonly machine: Readonly<Record<string, string | number>>;
  readonly settings: { readonly iterations: number; readonly initRuns: number; readonly scaleSizes: readonly number[]; readonly lambdaMemoryMb: number };
  // Each section's figures; absent when no run has measured that section yet.
  readonly bundles?: readonly BundleFigure[];
  readonly referenceBundle: string;
  readonly init?: { readonly deployed: readonly InitFigure[]; readonly withoutSourceMaps: readonly InitFigure[] };
  readonly routes?: readonly RouteFigure[];
  readonly budgets?: Readonly<Record<string, UnitBudget>>;
  readonly scale?: { readonly checks: readonly ScaleFigure[]; readonly seeding: readonly SeedFigure[] };
  readonly analytics?: AnalyticsFigure;
  readonly lake?: LakeFigure;
  /** Issue 15: the sanction check's units and the export of a member with 1,000 contributions (bench/member-data.ts). */
  readonly memberData?: MemberDataFigures;
  readonly prices: PriceTable;
  readonly phasesMs: Readonly<Record<string, number>>;
  totalMs: number;
}

export interface BenchResults extends BenchInput {
  readonly costs: readonly RouteCost[];
  readonly targets: readonly TargetVerdict[];
}

/**
 * When each section was measured: now for the sections run, else as the previous results say (a file
 * written before sections were dated counts as measured at its own date).
 */
export function sectionsMeasuredAt(ran: readonly Section[], now: string, previous?: Partial<BenchResults>): Record<Section, string | null> {
  const has: Record<Section, boolean> = {
    bundles: previous?.bundles !== undefined,
    'cold-init': previous?.init !== undefined,
    routes: previous?.routes !== undefined,
    analytics: previous?.analytics !== undefined,
    scale: previous?.scale !== undefined,
    lake: previous?.lake !== undefined,
    'member-data': previous?.memberData !== undefined,
  };
  return Object.fromEntries(
    SECTION_NAMES.map((s) => [s, ran.includes(s) ? now : has[s] ? (previous?.sectionsMeasuredAt?.[s] ?? previous?.measuredAt ?? null) : null]),
  ) as Record<Section, string | null>;
}

export function evaluate(input: BenchInput): BenchResults {
  const targets: TargetVerdict[] = [];
  const memoryMb = input.settings.lambdaMemoryMb;

  for (const b of (input.bundles ?? []).filter((x) => x.name !== input.referenceBundle)) {
    targets.push({
      section: 'bundles',
      target: `bundle <= ${TARGETS.bundleBytes / 1000} KB`,
      subject: b.name,
      met: b.bytes <= TARGETS.bundleBytes,
      detail: `${b.name}: ${(b.bytes / 1000).toFixed(1)} KB (${(b.bytes / TARGETS.bundleBytes).toFixed(2)} x the target)`,
    });
  }
  const reference = input.init?.deployed.find((f) => f.name === input.referenceBundle);
  for (const f of reference ? input.init!.deployed.filter((x) => x.name !== input.referenceBundle) : []) {
    // CPU time when measured (robust on a shared machine), else wall time (results before 2026-11-30).
    const [own, ref, unit] =
      f.medianImportCpuMs !== undefined && reference!.medianImportCpuMs !== undefined
        ? [f.medianImportCpuMs, reference!.medianImportCpuMs, 'ms CPU']
        : [f.medianImportMs, reference!.medianImportMs, 'ms'];
    const ratio = own / ref;
    targets.push({
      section: 'cold-init',
      target: `cold init <= ${TARGETS.initRatio} x reference`,
      subject: f.name,
      met: ratio <= TARGETS.initRatio,
      detail: `${f.name}: ${own} ${unit} vs reference ${ref} ${unit} = ${ratio.toFixed(2)} x`,
    });
  }
  if (input.memberData) {
    targets.push({
      section: 'member-data',
      target: 'sanction check <= 0.5 RRU per request',
      subject: 'sanction check',
      met: input.memberData.sanctionCheckReadUnits <= 0.5,
      detail: `one eventually consistent GetItem of a ${input.memberData.stateItemBytes} B state item with two active sanctions: ${input.memberData.sanctionCheckReadUnits} RRU`,
    });
  }
  const budgets = input.budgets ?? {};
  for (const r of input.routes ?? []) {
    if (r.overheadRatio !== null) {
      targets.push({
        section: 'routes',
        target: `handler <= ${TARGETS.overheadRatio} x raw DynamoDB calls`,
        subject: r.name,
        met: r.overheadRatio <= TARGETS.overheadRatio,
        detail: `${r.name}: median ${r.handlerMedianMs} ms vs raw ${r.rawMedianMs} ms = ${r.overheadRatio.toFixed(2)} x`,
      });
    }
    const budget = budgets[r.name];
    if (budget) {
      targets.push({
        section: 'routes',
        target: 'units <= budget',
        subject: r.name,
        met: r.readUnits <= budget.read && r.writeUnits <= budget.write,
        detail: `${r.name}: ${r.readUnits} RRU / ${r.writeUnits} WRU vs budget ${budget.read} / ${budget.write}`,
      });
    }
  }
  for (const c of input.scale?.checks ?? []) {
    targets.push({
      section: 'scale',
      target: 'units equal at every table size',
      subject: c.name,
      met: c.equal,
      detail: `${c.name}: ${c.atPosts.map((a) => `${a.readUnits} RRU / ${a.writeUnits} WRU at ${a.posts.toLocaleString('en-US')} posts`).join(', ')}`,
    });
  }

  if (input.analytics) {
    const perEvent = sqsRequestsPerEventOf(input.analytics);
    const q = input.analytics.sqsRequestsPerEvent;
    targets.push({
      section: 'analytics',
      target: `lake pipeline <= ${TARGETS.sqsRequestsPerEvent} SQS requests per event`,
      subject: 'analytics path',
      met: perEvent <= TARGETS.sqsRequestsPerEvent,
      detail:
        `${q.send} sends + ${q.receive} receives + ${q.receivedPayload} received 64 KB chunks + ${q.delete} deletes = ${perEvent} per event at ${input.analytics.load.eventsPerSecond} events/s (${input.analytics.eventsPerMessage} events a message` +
        `${input.analytics.sqsRequests ? `, ${input.analytics.sqsRequests.messagesPerReceive} a receive` : ''})` +
        `${input.analytics.backlog ? `; ${input.analytics.backlog.sqsRequestsPerEvent.total} per event when receives find 10 messages waiting (>= 100 messages/s)` : ''}`,
    });
  }

  if (input.lake) {
    const read = input.lake.reportAfter;
    targets.push({
      section: 'lake',
      target: `a 7-day report reads <= ${TARGETS.reportWindowRatio} x its week's partitions`,
      subject: read.report,
      met: read.ratio <= TARGETS.reportWindowRatio,
      detail: `${read.report} ${read.window.from}..${read.window.to}: ${read.bytesRead.toLocaleString('en-US')} bytes read from ${read.filesRead} files vs the week's ${read.windowBytes.toLocaleString('en-US')} bytes in ${read.windowFiles} files = ${read.ratio} x (${read.outsideWindowBytes.toLocaleString('en-US')} bytes of ${read.outsideWindow} files outside the window)`,
    });
    targets.push({
      section: 'lake',
      target: 'compaction keeps every event once in the deduplicated view',
      subject: 'lake',
      met: input.lake.after.viewEvents === input.lake.events && input.lake.before.viewEvents === input.lake.events,
      detail: `${input.lake.events} events: the view showed ${input.lake.before.viewEvents} before and ${input.lake.after.viewEvents} after`,
    });
  }

  const costs: RouteCost[] = (input.routes ?? []).map((r) => {
    const budget = budgets[r.name] ?? { read: r.readUnits, write: r.writeUnits, sqsRequests: r.sqsRequests };
    const usage = apiRequestUsage({ durationMs: r.handlerMedianMs, memoryMb, readRequestUnits: r.readUnits, writeRequestUnits: r.writeUnits });
    const floor = apiRequestFloor({ dynamoDbMs: r.rawMedianMs, memoryMb, readRequestUnits: budget.read, writeRequestUnits: budget.write });
    // Routes that queue messages pay SQS per request: measured, and the budget's on the floor.
    const perMillion = times(costOf(input.prices, { ...usage, sqsRequests: r.sqsRequests }), 1e6);
    const floorPerMillion = times(costOf(input.prices, { ...floor, sqsRequests: budget.sqsRequests ?? 0 }), 1e6);
    return { operationId: r.operationId, name: r.name, perMillion, floorPerMillion, ratio: round(perMillion.total / floorPerMillion.total, 3) };
  });
  for (const c of costs) {
    targets.push({
      section: 'routes',
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

type With<K extends keyof BenchResults> = BenchResults & Required<Pick<BenchResults, K>>;

/** A section's Markdown when its figures exist, else a line saying how to measure them. */
function sectionOf<K extends keyof BenchResults>(r: BenchResults, needs: readonly K[], section: string, title: string, render: (r: With<K>) => string): string {
  if (needs.every((k) => r[k] !== undefined)) return render(r as With<K>);
  return `## ${title}\n\nNot measured yet: \`npm run bench -- --only ${section}\`.\n`;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const usd = (v: number) => `$${v.toFixed(2)}`;
const usd4 = (v: number) => `$${v.toFixed(4)}`;
/** The AWS SDK's packages and the few it depends on (the endpoint cache's, the XML parser's). */
const SDK_DEPENDENCIES = new Set(['mnemonist', 'obliterator', 'fast-xml-parser', 'strnum', 'tslib', 'bowser', 'uuid']);
const isSdkPackage = (name: string) => /^@(aws-sdk|smithy|aws|aws-crypto)\//.test(name) || SDK_DEPENDENCIES.has(name);

const OVER_TARGET_NOTE =
  "What the ones over it carry, and the next lever for each, is in section 1 (S3's client alone is about 130 KB; the content groups carry 90-125 KB of our own code). Cold init is measured in CPU time now: source maps without the sources' text cut it 9-20 %.";

const mark = (met: boolean) => (met ? 'met' : '**missed**');
const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** Which sections this run measured, and when the others were. */
function sectionsLine(r: BenchResults): string {
  const day = (at: string | null | undefined) => (at ? at.slice(0, 16).replace('T', ' ') : 'never');
  const carried = SECTION_NAMES.filter((s) => !r.ran.includes(s));
  const ran = `**Sections measured in this run:** ${r.ran.map((s) => `${s} (${SECTIONS[s]})`).join('; ')}.`;
  return carried.length === 0
    ? `${ran} (all of them)`
    : `${ran} **Carried over** from earlier runs (\`npm run bench -- --only <section>\` measures one): ${carried.map((s) => `${s} (${day(r.sectionsMeasuredAt?.[s])} UTC)`).join(', ')}.`;
}

export function renderMarkdown(r: BenchResults): string {
  const missed = r.targets.filter((t) => !t.met);
  const byTarget = new Map<string, TargetVerdict[]>();
  for (const t of r.targets) byTarget.set(t.target, [...(byTarget.get(t.target) ?? []), t]);
  const measuredOps = new Set((r.routes ?? []).map((x) => x.operationId));
  const unmeasured = routeTable.filter((x) => !measuredOps.has(x.operationId));
  const out: string[] = [];

  out.push(`# Chorus benchmarks

Written by \`npm run bench\` (bin/bench.ts, bench/) on ${r.measuredAt.slice(0, 10)}: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB,
Node ${r.machine.node}, ${r.machine.platform}. The last run took ${Math.round(r.totalMs / 1000)} s
(${Object.entries(r.phasesMs)
    .map(([k, v]) => `${k} ${Math.round(v / 1000)} s`)
    .join(', ')}). Machine-readable figures: \`bench/results.json\`.

${sectionsLine(r)}

Every median and ratio of a section comes from one run. A benchmark, not a test: \`npm run bench\` exits 1 only when a target is missed,
and a missed target is reported here as a finding, not moved.

## Targets

${table(
  ['target', 'met / measured', 'missed'],
  [...byTarget].map(([target, verdicts]) => [
    target,
    `${verdicts.filter((v) => v.met).length} / ${verdicts.length}`,
    verdicts
      .filter((v) => !v.met)
      .map((v) => v.detail)
      .join('; ') || '-',
  ]),
)}

${missed.length === 0 ? 'Every target is met.' : `${missed.length} of ${r.targets.length} checks missed; see each section for why.`}

**Findings.** ${(() => {
    const ref = r.bundles?.find((b) => b.name === r.referenceBundle);
    const api = (r.bundles ?? []).filter((b) => b.name !== r.referenceBundle && ref && b.bytes > ref.bytes);
    const react = r.routes?.find((x) => x.operationId === 'addReaction');
    const budgetMisses = r.targets.filter((t) => t.target === 'units <= budget' && !t.met).map((t) => t.detail);
    return [
      ref
        ? `Bundles: the reference DynamoDB client is ${kb(ref.bytes)}, so a function that talks to the table has 90 KB for everything else. ${(() => {
            const over = api.filter((b) => b.bytes > TARGETS.bundleBytes);
            const within = (r.bundles ?? []).filter((b) => b.name !== r.referenceBundle && b.bytes <= TARGETS.bundleBytes).map((b) => b.name);
            return over.length === 0
              ? 'Every bundle is within 300 KB.'
              : `Over 300 KB: ${over.map((b) => `${b.name} ${kb(b.bytes)}`).join(', ')}; within it: ${within.join(', ')}. ${OVER_TARGET_NOTE}`;
          })()}`
        : '',
      react ? `React no longer reads the post before writing: ${react.readUnits} RRU / ${react.writeUnits} WRU (2 / 18 in the first run).` : '',
      budgetMisses.length
        ? `Unit budgets missed: ${budgetMisses.join('; ')}. Why, in section 3: each budget's reason says what the route cannot do without, and the claim-next note says where its reads go.`
        : 'Every route is within its unit budget.',
    ]
      .filter(Boolean)
      .join(' ');
  })()}
`);

  out.push(
    sectionOf(r, ['bundles', 'init'], 'bundles,cold-init', '1. Bundles and cold init', (r) => {
      const reference = r.bundles.find((b) => b.name === r.referenceBundle)!;
      const refInit = r.init.deployed.find((f) => f.name === r.referenceBundle)!;
      const refInitNoMaps = r.init.withoutSourceMaps.find((f) => f.name === r.referenceBundle)!;
      return `## 1. Bundles and cold init

**How measured.** Each route group's entry (\`lambdas/handlers/<group>.ts\`) is bundled with esbuild using exactly the options
\`CHORUS_BUNDLING\` gives \`NodejsFunction\` (ESM, node24, minified, source map, \`module\` before \`main\`, the SDK bundled, the
\`createRequire\` banner); cdk is not run. Size is \`index.mjs\` as Lambda loads it (the source map is a separate file); 1 KB = 1,000 bytes.
The *reference* bundle creates only the DynamoDB document client, exactly as \`lambdas/store/dynamo-client.ts\` does.
Cold init: ${r.settings.initRuns} fresh \`node\` processes per bundle (interleaved across bundles, after one warm-up round), each
importing the bundle until its \`handler\` export exists, i.e. the Lambda INIT phase; the median is reported. *CPU* is the
CPU time (user + system) of the import, which the ratio to the reference and the 1.3 x target use: a Lambda's INIT runs on its
own vCPU share, and CPU time, unlike wall time, does not grow with other work on a shared machine (wall times on a loaded
machine are shown beside it). *Ready* adds Node's own start (process start to handler ready, wall). The environment is the
function's: Powertools variables, table names, region, and \`NODE_OPTIONS=--enable-source-maps\` as ChorusFunction sets it
("as deployed"); the last columns repeat the runs without it.

${table(
  [
    'bundle',
    'size',
    'gzipped',
    '≤ 300 KB',
    'import CPU (as deployed)',
    'x reference',
    `≤ ${TARGETS.initRatio} x`,
    'import, wall',
    'ready, wall',
    'import CPU without source maps',
    'x reference',
  ],
  r.bundles.map((b) => {
    const d = r.init.deployed.find((f) => f.name === b.name);
    const n = r.init.withoutSourceMaps.find((f) => f.name === b.name);
    const isRef = b.name === r.referenceBundle;
    // A bundle new since the cold-init figures carried over (`--only bundles`): its size only.
    if (!d || !n) return [b.name, kb(b.bytes), kb(b.gzipBytes), mark(b.bytes <= TARGETS.bundleBytes), 'not measured in this run', '-', '-', '-', '-', '-', '-'];
    // CPU time when measured, else wall time (results before 2026-11-30).
    const cpu = (f: NonNullable<typeof d>) => f.medianImportCpuMs ?? f.medianImportMs;
    const ratio = cpu(d) / cpu(refInit);
    return [
      isRef ? `*${b.name}*` : b.name,
      kb(b.bytes),
      kb(b.gzipBytes),
      isRef ? '-' : mark(b.bytes <= TARGETS.bundleBytes),
      `${cpu(d).toFixed(1)} ms`,
      `${ratio.toFixed(2)} x`,
      isRef ? '-' : mark(ratio <= TARGETS.initRatio),
      `${d.medianImportMs.toFixed(1)} ms`,
      `${d.medianReadyMs.toFixed(1)} ms`,
      `${cpu(n).toFixed(1)} ms`,
      `${(cpu(n) / cpu(refInitNoMaps)).toFixed(2)} x`,
    ];
  }),
)}

**Where the bytes are** (esbuild metafile, output bytes; *AWS SDK* is every \`@aws-sdk/*\`, \`@smithy/*\` and \`@aws/*\` package
and the SDK's own dependencies; *ours* is our code under \`lambdas/\`, its largest modules in the last column):

${table(
  ['bundle', 'size', 'AWS SDK', 'zod', 'ours', 'other packages ≥ 3 KB', 'our largest modules'],
  r.bundles.map((b) => {
    const sdk = b.packages.filter((p) => isSdkPackage(p.name));
    const zod = b.packages.find((p) => p.name === 'zod');
    const ours = b.packages.find((p) => p.name === '(chorus)');
    const others = b.packages.filter((p) => !isSdkPackage(p.name) && p.name !== 'zod' && p.name !== '(chorus)' && p.bytes >= 3000);
    return [
      b.name === r.referenceBundle ? `*${b.name}*` : b.name,
      kb(b.bytes),
      kb(sdk.reduce((s, p) => s + p.bytes, 0)),
      zod ? kb(zod.bytes) : '-',
      ours ? kb(ours.bytes) : '-',
      others.map((p) => `${p.name} ${kb(p.bytes)}`).join(', ') || '-',
      (b.modules ?? [])
        .slice(0, 4)
        .map((m) => `${m.name} ${kb(m.bytes)}`)
        .join(', ') || '-',
    ];
  }),
)}

The reference alone is ${kb(reference.bytes)}: the AWS SDK v3 DynamoDB client with its Smithy core, built with the same
options, so without the credential sources Lambda never reaches (SSO, ini, process, web identity, container and instance
metadata: \`UNREACHED_CREDENTIAL_SOURCES\` in lib/constructs/chorus-function.ts). What a function carries above it: zod/mini
with its own group's schemas only (30-38 KB), middy and ulid (5 KB), each other AWS client it calls (SQS 24 KB; the
Management API's client and its REST-JSON protocol 27 KB; CloudWatch 18 KB; S3 about 130 KB, two thirds of it the client's
one schema module of every operation's shapes and its endpoint rules, which no bundler can shake), and our own code.
Powertools' Logger and idempotency are no longer carried (lambdas/http/logger.ts and idempotency.ts write the same log lines
and idempotency records: 20 KB less in every function, 61 KB in a group with idempotent routes).

**Before → after issue 11's second pass** (2026-11-30; bytes with the same esbuild options, before on the merged tree):

| lever | bundles | bytes |
| --- | --- | --- |
| Idempotency-Key on conditional writes (\`http/idempotency.ts\`, 2.5 KB) instead of Powertools idempotency (15.0 KB), its JMESPath engine (23.3 KB) and the rest of its commons (4.7 KB); same protocol, records, answers and tests | communities, posts, comments, moderation | −41.7 KB each |
| A structured logger (\`http/logger.ts\`, 1.6 KB) writing Powertools' JSON lines, instead of Powertools' Logger (17.2 KB) and commons (4.2 KB) | every function but the publisher (which keeps Powertools Metrics and so the commons) | −20 KB each |
| The sanction check on a standing store (\`store/dynamo-standing-store.ts\`: the member-state item only) instead of the member store | every API group with the check | −5 to −11 KB |
| Communities on their own adapter (\`store/dynamo-community-store.ts\`, \`dynamo-served-requests.ts\`); ideas on readers of posts and communities (\`dynamo-post-reader.ts\`) instead of the content store | communities, ideas | −8 / −18 KB |
| aws-jwt-verify only in the authorizer's composition (\`composition/live-authorizer.ts\`), which needs no table | live-authorizer (−232 KB), live, live-queue-counts, notifications, notifier | −17 KB |

| bundle | before | after |
| --- | --- | --- |
| members | 534.1 KB | 514.0 KB |
| archiver | 502.4 KB | 482.2 KB |
| compactor | 493.4 KB | 473.3 KB |
| member-data | 459.4 KB | 439.2 KB |
| posts | 446.9 KB | 380.0 KB |
| moderation | 441.7 KB | 380.0 KB |
| comments | 411.3 KB | 344.5 KB |
| communities | 372.6 KB | 282.5 KB |
| ideas | 362.1 KB | 323.8 KB |
| finance | 360.7 KB | 340.6 KB |
| notifications | 358.9 KB | 322.1 KB |
| events | 354.9 KB | 323.3 KB |
| notifier | 346.3 KB | 309.6 KB |
| reactions | 304.8 KB | 274.3 KB |
| ideas-worker | 291.5 KB | 253.2 KB |
| live-queue-counts | 291.6 KB | 254.8 KB |
| live | 288.6 KB | 251.8 KB |
| publisher | 276.3 KB | 256.2 KB |
| live-authorizer | 257.2 KB | 25.1 KB |
| post-confirmation | 217.2 KB | 197.1 KB |

Cold init, import CPU time as deployed (median of 21 interleaved runs, before with the sources' text in the maps, after without
it: \`sourcesContent: false\` in \`CHORUS_BUNDLING\`, maps 70 % smaller): posts 84.6 → 71.2 ms, moderation 92.3 → 79.3 ms,
comments 81.1 → 65.2 ms, reactions 67.3 → 60.9 ms, communities 76.2 → 60.8 ms, members 102.2 → 91.4 ms.

**Issue 11's third pass** (2026-11-30; bytes with the same esbuild options, before on the merged tree at its start):

| lever | bundles | bytes |
| --- | --- | --- |
| Archive URLs signed with the SDK's own \`SignatureV4\` and the default credential chain (\`members/signed-archive-urls.ts\`, 1.5 KB; the signer is already in every bundle with an SDK client) instead of the S3 client and \`@aws-sdk/s3-request-presigner\`: the same URL, character for character (test/unit/members/signed-archive-urls.test.ts compares it with \`getSignedUrl\`'s) | members | −168 KB |
| The members API's export and erasure composition apart from the worker's (\`composition/member-data.ts\`, \`member-data-worker.ts\`), and the jobs' store apart from the registry (\`store/member-data/dynamo-member-data-jobs.ts\`) | members | −15 KB |
| No presigner in the worker (it only puts and deletes archives) | member-data | −28 KB |
| The apps' events (\`analytics/client-events.ts\`) apart from the stream's producer (\`analytics/publish.ts\`, which brings the domain-event mapping) | events, publisher | −8 / −14 KB |
| A read mark's new unread count pushed from the table's stream (the live counts consumer, filtered to the unread counters' changes) instead of from the notifications function | notifications (live-queue-counts +0.8 KB) | −32 KB |

| bundle | before | after |
| --- | --- | --- |
| members | 519.0 KB | 335.3 KB |
| member-data | 460.1 KB | 431.6 KB |
| events | 325.4 KB | 317.0 KB |
| publisher | 258.4 KB | 244.1 KB |
| notifications | 323.4 KB | 291.4 KB |

**Issue 11's fourth pass: groups split where their people are** (2026-11-30; bytes with the same esbuild options, before on main at its start).
Each function more is a warm pool of its own, so more cold starts while traffic is low, for a smaller bundle (a faster cold start) and
narrower grants; the OpenAPI document is the same but for the moved operations' tags, which name their group.

| lever | bundles | bytes |
| --- | --- | --- |
| Export and erasure in a function of their own (\`privacy\`: \`routes/privacy.ts\`, \`privacy-schemas.ts\`, \`composition/privacy.ts\`), the only one with the jobs queue's send grant, the archive read and the SQS client; members keeps who one is, sanctions, appeals, records and notes | members → members, privacy | −35.4 KB (privacy 308.3 KB) |
| Ideas in three functions by who uses them (\`ideas\`: votes and the board; \`idea-merges\`: merges; \`idea-workflow\`: owner teams, timelines, the changelog, partners' lists, settings); the idea store split by concern (\`store/dynamo-idea-reads.ts\` with \`dynamo-idea-votes.ts\`, \`-merges.ts\`, \`-workflow.ts\`), each function composing the reads and its own writes; a post's response schema in \`api/post-view-schemas.ts\`, without the posts group's requests (−8.2 KB where a group lists posts). The ideas function had no table grant at all before (every idea route would have failed in AWS): each now gets the actions its routes send | ideas → ideas, idea-merges, idea-workflow | −36.0 / −33.6 / −32.4 KB against the one function |
| The response desk in its own function (\`desk\`: its schemas, the desk store and a community reader; table get/query/put/update only, no idempotency table), apart from the moderators' queue | moderation → moderation, desk | −14.8 KB (desk 304.4 KB) |
| A sanction's schema (\`api/sanction-schemas.ts\`) apart from the rest of \`member-schemas.ts\`; moderation reads posts, comments and communities through readers (\`dynamo-post-reader.ts\`, the community reader) instead of the content store | moderation | −4.0 / −8.2 KB |
| The sanction check in the ideas and notifications groups, which had none (a suspended member could vote and follow): the standing store | ideas, idea-merges, idea-workflow, notifications | +2.0 to +2.9 KB |

| bundle | before | after |
| --- | --- | --- |
| members | 350.3 KB | 314.9 KB |
| privacy | (in members) | 308.3 KB |
| ideas | 329.3 KB | 295.3 KB |
| idea-merges | (in ideas) | 296.8 KB |
| idea-workflow | (in ideas) | 298.9 KB |
| moderation | 384.5 KB | 357.9 KB |
| desk | (in moderation) | 304.4 KB |

**Still over 300 KB, and the next lever for each** (sizes of what-if builds measured with the same options, not shipped). A function on the
table with our HTTP layer starts at about 285 KB (the DynamoDB client with its commands 214 KB, zod/mini with the English messages 30-35 KB,
middy and ulid 5 KB, validation, errors, logging and the sanction check ~25 KB), so a group has about 15 KB for its own work:
- members (314.9 KB): sanction appeals worked as moderation queue items (the queue's work, adapter and counters, ~17 KB). Without its three
  appeal routes members measured 297.6 KB; the moderators' sanction routes in a group of their own (issue, lift, decide an appeal, the appeals
  list, records, notes) is the next lever, apart from the member's own (who am I, my sanctions, my appeal).
- privacy (308.3 KB): the SQS client (24 KB) that queues export and erasure jobs; without it 283.4 KB. A job item written to the table and
  carried to the worker by the stream's publisher (an outbox: no job lost between the item and the message) would take the client out.
  A hand-signed SendMessage (measured 283.4 KB) was not shipped: every AWS call goes through the SDK's clients.
- desk (304.4 KB): its response schemas, which only the OpenAPI document reads: without them 299.8 KB. Every group carries its response
  schemas and route texts for the same reason (\`.register\` runs at load time, so no bundler drops them): a route table whose response
  schemas live in modules only the document imports would take 3-9 KB out of every group.
- member-data, the archiver and the compactor: the S3 client they call (PutObject, DeleteObject, List/Get): the client with its
  XML protocol, flexible checksums and S3 middleware is about 155 KB, most of it its one schema module of every operation's
  shapes (67 KB) and its endpoint rules (18 KB), which no bundler can shake. No cheap lever: only a smaller S3 client would do.
- notifier: the Management API client (27 KB with its REST-JSON protocol) for live pushes of new entries, and the SQS client
  (24 KB) for its fan-out's pages. Pushing new entries from the table's stream too (as read marks' counts now are) would take
  the Management API client out, but a large fan-out's pushes would then run on the stream's shards instead of the notifier's
  SQS concurrency: a throughput question to measure first. (Its 309.6 KB in the second pass's table was measured on that pass's branch;
  the merged tree built 316.6 KB from then on, the size today.)
- events: the SQS client (24 KB) and the table (posts checked, rate window); its own code is 36 KB.
- posts and comments: 90-135 KB of our own code (the content store with every item type's writes, screening and
  its 16 KB confusables table, the idea store). posts' read routes alone, composed with the content store, measured
  337.6 KB: splitting read and write routes into two functions does not reach the target before per-concern read adapters do.
- moderation (357.9 KB): 101 KB of its own code, most of it the queue's whole-plan commit (the item, the post or comment, the desk
  entry, counters, a sanction, the member's state, the audit) and its schemas (8.8 KB). A three-way split measured 349.3 KB for the
  queue alone and 339.3 KB for reports and appeals: a commit adapter per operation comes first.
- finance: one function per route measured 320.5 KB (costs) and 345.2 KB (the ledger, which prices usage from CloudWatch too):
  no split reaches the target; a job storing weekly usage ahead (the ledger-measures job) would take the CloudWatch client out of both.
`;
    }),
  );

  out.push(
    sectionOf(
      r,
      ['routes', 'budgets'],
      'routes',
      '2. Handler overhead (warm, in process)',
      (r) => `## 2. Handler overhead (warm, in process)

**How measured.** DynamoDB Local (in memory, a free port) with the stack's tables (\`ensureTables\`); the handlers' environment
set before \`lambdas/handlers/*.ts\` are imported in the benchmark's process. Each route: ${Math.min(20, r.settings.iterations)} warm-up
then ${r.settings.iterations} measured invocations of the handler with a payload-2.0 event built by
\`local/api-gateway-event.ts\` (JWT claims as API Gateway's authorizer passes them). A bench-only SDK middleware on the
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
`,
    ),
  );

  out.push(
    sectionOf(
      r,
      ['routes', 'budgets'],
      'routes',
      '3. DynamoDB request units per route',
      (r) => `## 3. DynamoDB request units per route

**How measured.** The same middleware sets \`ReturnConsumedCapacity: 'INDEXES'\` on every command and adds up what DynamoDB Local
reports (it does, for every command: table and each index). Units are on-demand request units, median over the
${r.settings.iterations} invocations (*stable*: every invocation consumed the same). DynamoDB Local's figures already include the
2 x cost of transactional reads and writes (checked: a 1 KB put inside TransactWriteItems reports 2 WRU) and report a
ConditionCheck inside a transaction as a transactional write of the checked item. Inside one transaction it counts items of the
same table (or index) and the same size once (checked: two 600-byte puts report 2 WRU, three 600-byte puts and three counter ADDs 2,
a 1.1 KB and a 600-byte put 6), where DynamoDB bills each item: a route whose transaction writes several items of one size is billed
more than measured here (the reasons of report a post and report a comment give both figures). Bench items: a post of a 60-character title, a
600-character body, two tags and one product is just over 1 KB (2 WRU a write, 0.5 RRU an eventually consistent read); a
comment is ~0.45 KB. Budgets are what each route cannot do without, in \`bench/routes.ts\` with the reason.

${table(
  ['route', 'RRU', 'WRU', 'budget RRU / WRU', 'within', 'stable', 'by table / index', 'why (budget)'],
  r.routes.map((x) => {
    const b = r.budgets[x.name];
    return [
      x.name,
      x.readUnits,
      x.writeUnits,
      b ? `${b.read} / ${b.write}` : '-',
      b ? mark(x.readUnits <= b.read && x.writeUnits <= b.write) : '-',
      x.unitsStable ? 'yes' : 'no',
      Object.entries(x.byTarget)
        .map(
          ([k, v]) =>
            `${k
              .replace(/^chorus-bench-idempotency/, 'idempotency table')
              .replace(/^chorus-bench/, 'table')
              .replace('table/index:', '')} ${v}`,
        )
        .join(', ') || '-',
      b?.reason ?? '',
    ];
  }),
)}

<details><summary>Each route's calls, in order (last measured invocation)</summary>

${r.routes
  .filter((x) => x.calls.length + x.sqsCalls.length > 0)
  .map(
    (x) =>
      `- **${x.name}**: ${[
        ...x.calls.map(
          (c) =>
            `${c.command} ${c.table.replace(/^chorus-bench-idempotency/, 'idempotency table').replace(/^chorus-bench/, 'table')} (${c.read ? `${c.read} RRU` : `${c.write} WRU`})`,
        ),
        ...x.sqsCalls.map(
          (c) => `SQS ${c.command} (${c.payloadBytes.toLocaleString('en-US')} bytes, ${c.billedRequests} request${c.billedRequests === 1 ? '' : 's'})`,
        ),
      ].join(' → ')}`,
  )
  .join('\n')}

</details>

### Moderation: one claim-next and one decision

${(() => {
  const claim = r.routes.find((x) => x.operationId === 'claimNextItem');
  const decision = r.routes.find((x) => x.operationId === 'decideItem');
  if (!claim || !decision) return 'Not measured in this run.';
  const line = (x: RouteFigure) => {
    const b = r.budgets[x.name]!;
    return `**${x.name}: ${x.readUnits} RRU and ${x.writeUnits} WRU** (budget ${b.read} / ${b.write}: ${mark(x.readUnits <= b.read && x.writeUnits <= b.write)}), ${x.handlerMedianMs.toFixed(2)} ms median; calls: ${x.calls.map((c) => `${c.command} (${c.read ? `${c.read} RRU` : `${c.write} WRU`})`).join(' → ')}; by table and index: ${Object.entries(
      x.byTarget,
    )
      .map(([k, v]) => `${k.replace(/^chorus-bench/, 'table').replace('table/index:', '')} ${v}`)
      .join(', ')}.`;
  };
  return `- ${line(claim)}
  claim-next reads the head of two sparse indexes, in parallel: byClaimQueue (open items nobody holds, by priority and due time)
  and byLeaseExpiry (leased items, by expiry; a key condition finds the expired ones). An uncontended claim reads one item from the
  first and usually nothing from the second (DynamoDB still charges its 0.5 minimum); live leases are in neither head, so they
  cost nothing, however many there are. The price is in the write: a claim moves the item from byClaimQueue to byLeaseExpiry
  (a delete and a put in two indexes, projection ALL), on top of the item, its byModerationStatus copy and the audit entry.
  (The first design read 25 items of the status index and filtered live leases out: 3.5 RRU, more with every live lease, and
  a 204 with free items waiting once 125 leases were live.)
- ${line(decision)}
  One transaction: the item (its byModerationStatus entry moves from \`pending\` to \`approved\`: a delete and a put in the index), the
  post published (it enters its three feed indexes and gets its product link), the audit entry with its byModerator and
  byDecisionDay copies, and the stats counters it changes (backlog totals, due day and hour, the day's decision summary).${(() => {
    const stats = r.routes.find((x) => x.operationId === 'getModerationStats');
    return stats
      ? `
- **moderation stats: ${stats.readUnits} RRU** in this run, the same at any backlog: five small reads in parallel, the backlog
  totals (one item), the due-hour counters of the days an open item can still fall due (one Query), this hour's due-minute
  counters (one item), the head of byWaitingSince (keys only) and the window's decision summaries (one Query). The item
  transitions keep them with \`ADD\` in their own transactions: a new, reopened, re-prioritised or decided item adds 2 WRU per
  counter item it touches (the backlog totals, its due day, its due hour; before and after when the due time moves), a decision
  2 more for its day's summary; claims, leases and releases touch none. (It read every open item before: 230 RRU at the
  bench's backlog, and gave up at 5,000.)`
      : '';
  })()}`;
})()}

`,
    ),
  );

  out.push(
    sectionOf(
      r,
      ['scale'],
      'scale',
      'Scale: the same request with more data',
      (r) => `### Scale: the same request with more data

**How measured.** One community (\`bench-scale\`) is filled with post items built by \`postItem\` (lambdas/store/entities/post.ts), written
with BatchWriteItem, 25 items a request, ${r.scale.seeding[0]?.parallelRequests ?? '-'} requests in flight; the community's own feed partition is the one
that grows (the worst case for an O(table) mistake). With every tenth post goes a pending moderation item of that post
(\`moderationItem\`, low priority, as pre-moderation screening writes it), so the queue claim-next reads grows with the table:
${r.scale.seeding
  .map((s) => s.queueItems)
  .reduce<number[]>((acc, n) => {
    acc.push((acc.at(-1) ?? 0) + n);
    return acc;
  }, [])
  .map((n) => n.toLocaleString('en-US'))
  .join(' and ')} pending items (two orders of magnitude, like the posts;
one queue item per post would add 99,000 more items to seed, another ~80 s, for a partition that is already 100 times longer).
All free pending items share one partition of byClaimQueue (\`CLAIM#pending\`), the one claim-next reads. Each claim-next
iteration reports two fresh posts for abuse (high priority, so they are the head) and claims the first, as in section 3.
At each size each route runs ${Math.min(50, r.settings.iterations)} times as in section 2.

${table(
  ['request', ...r.settings.scaleSizes.map((s) => `${s.toLocaleString('en-US')} posts: RRU / WRU, handler median`), 'equal units'],
  r.scale.checks.map((c) => [c.name, ...c.atPosts.map((a) => `${a.readUnits} / ${a.writeUnits}, ${a.handlerMedianMs.toFixed(2)} ms`), mark(c.equal)]),
)}

Seeding: ${r.scale.seeding.map((s) => `${s.posts.toLocaleString('en-US')} posts and ${s.queueItems.toLocaleString('en-US')} queue items in ${(s.ms / 1000).toFixed(1)} s (${s.itemsPerSecond.toLocaleString('en-US')} items/s)`).join('; ')}.
`,
    ),
  );

  out.push(
    sectionOf(
      r,
      ['routes'],
      'routes',
      '4. Cost per million requests',
      (r) => `## 4. Cost per million requests

**How measured.** Each route's measured median handler duration (billed rounded up to 1 ms, at the configured ${r.settings.lambdaMemoryMb} MB,
Arm) and measured units, priced by \`pricing/aws-us-east-1.json\` (version ${r.prices.version}: ${r.prices.note}) with
\`lambdas/finance/cost.ts\`. The *floor* is what the route would cost if its code added nothing: one API Gateway request, one Lambda
request, Lambda duration for only its raw DynamoDB (and SQS) time (section 2) at ${r.settings.lambdaMemoryMb} MB, and its budgeted units (section 3).
\`POST /v1/events\` also pays SQS: the requests it made, as recorded (one per SendMessageBatch call and per further 64 KB
of payload), against the budget's one per ten events. Not included in either: CloudWatch Logs, X-Ray traces, data transfer, storage.

${table(
  ['route', 'per million', 'API Gateway', 'Lambda requests', 'Lambda duration', 'DynamoDB reads', 'DynamoDB writes', 'SQS', 'floor', 'ratio', '≤ 1.2 x'],
  r.costs.map((c) => [
    c.name,
    usd(c.perMillion.total),
    usd(c.perMillion.apiGateway),
    usd(c.perMillion.lambdaRequests),
    usd(c.perMillion.lambdaDuration),
    usd(c.perMillion.dynamoDbReads),
    usd(c.perMillion.dynamoDbWrites),
    usd(c.perMillion.sqs),
    usd(c.floorPerMillion.total),
    `${c.ratio.toFixed(2)} x`,
    mark(c.ratio <= TARGETS.costRatio),
  ]),
)}

Prices used (USD, us-east-1, first tier, checked ${Object.values(r.prices.prices)[0]!.checked}):
${Object.entries(r.prices.prices)
  .map(([name, p]) => `- ${name}: ${p.usd} per ${p.per.toLocaleString('en-US')} ${p.unit} (${p.tier}) — ${p.source}`)
  .join('\n')}
`,
    ),
  );

  out.push(
    sectionOf(r, ['analytics'], 'analytics', '5. Analytics path', (r) => {
      const a = r.analytics;
      const perMillionEvents = (() => {
        const events = a.lake.events;
        const million = 1e6 / events;
        const archiver = times(
          costOf(r.prices, {
            apiRequests: 0,
            lambdaInvocations: a.archiver.invocations,
            lambdaDurationMs: a.archiver.handlerMsTotal / a.archiver.invocations,
            lambdaMemoryMb: a.source.archiverMemoryMb,
            readRequestUnits: 0,
            writeRequestUnits: 0,
            sqsRequests: (a.sqsRequestsPerEvent.receive + a.sqsRequestsPerEvent.receivedPayload + a.sqsRequestsPerEvent.delete) * events,
            s3PutRequests: a.lake.objects,
          }),
          million,
        );
        const route = r.costs.find((c) => c.name === `record ${a.load.eventsPerRequest} events`);
        const storagePerMonth = ((a.lake.bytesPerEvent * 1e6) / 1024 ** 3) * r.prices.prices.s3StorageGbMonth!.usd;
        return { archiver, ingest: route ? route.perMillion.total / a.load.eventsPerRequest : null, storagePerMonth };
      })();
      return `## 5. Analytics path

**How measured.** fauxqs (the SQS and S3 emulator the local runtime uses) with the analytics queue and lake bucket of
\`lambdas/store/messaging-design.ts\`. A producer calls the real \`POST /v1/events\` handler with ${a.load.eventsPerRequest} events a request
(realistic sessions, \`bench/population.ts\`: a distinct member each, ~20 distinct posts of 2,000 drawn by Zipf-like popularity with their
communities and products, times within the last minute, views 60 %, feed scrolls 20 %, searches 12 %, product clicks 8 %) at a steady ${a.load.eventsPerSecond} events/s for ${a.load.seconds} s
(${a.load.eventsSent.toLocaleString('en-US')} events); meanwhile \`startQueuePoller\` (local/queue-poller.ts, the local stand-in for the SQS event
source mapping) delivers them to the real archiver handler (\`lambdas/handlers/archiver.ts\`, S3 lake store on fauxqs) with the
stack's batch size ${a.source.batchSize} and batching window ${a.source.maxBatchingWindowSeconds} s. Objects and bytes are what \`ListObjectsV2\` lists under
\`events/v1/\` afterwards; raw JSON is the envelope as queued (\`JSON.stringify\`); archiver time is the handler's own, timed in
process (Parquet encoding and the PUT to fauxqs). The last column group archives one full batch of ${a.fullBatch.batchSize} of the same events
in memory (\`archiveBatch\` with a lake store that only counts bytes), for the object size the stack would reach under a load
that fills every batch. Only client events are driven: domain events take the same queue and archiver, after the publisher.

| | under the steady load (S3 on fauxqs) | a full batch of ${a.fullBatch.batchSize} (in memory) |
| --- | --- | --- |
| archiver invocations | ${a.archiver.invocations} (messages each: median ${a.archiver.messagesPerInvocation.median}, ${a.archiver.messagesPerInvocation.min}-${a.archiver.messagesPerInvocation.max}) | 1 |
| events per S3 object | **${a.lake.eventsPerObject}** (${a.lake.objects} objects for ${a.lake.events.toLocaleString('en-US')} events) | ${a.fullBatch.eventsPerObject} (${a.fullBatch.objects} objects) |
| bytes per event in the lake | **${a.lake.bytesPerEvent} B** (Parquet, Snappy) | ${a.fullBatch.bytesPerEvent} B |
| raw JSON per event | ${a.lake.rawJsonBytesPerEvent} B | ${a.lake.rawJsonBytesPerEvent} B |
| lake / raw JSON | ${((a.lake.bytesPerEvent / a.lake.rawJsonBytesPerEvent) * 100).toFixed(1)} % | ${((a.fullBatch.bytesPerEvent / a.lake.rawJsonBytesPerEvent) * 100).toFixed(1)} % |
| archiver events per second | **${a.archiver.eventsPerSecond.toLocaleString('en-US')}** (${a.lake.events.toLocaleString('en-US')} events in ${(a.archiver.handlerMsTotal / 1000).toFixed(2)} s of handler time; median invocation ${a.archiver.handlerMsMedian} ms) | ${a.fullBatch.eventsPerSecond.toLocaleString('en-US')} (${a.fullBatch.msPerBatch} ms a batch, no network) |
| failed messages | ${a.archiver.failedMessages} | - |

By event type under the load: ${a.lake.byType.map((t) => `${t.eventType} ${t.objects} objects, ${t.events.toLocaleString('en-US')} events, ${t.bytesPerEvent} B/event`).join('; ')}.
The last events were archived ${(a.drainMs / 1000).toFixed(1)} s after the load ended.

An invocation writes one object per event type and UTC day in its batch, so events per object is the batch's size over the
types in it: at ${a.load.eventsPerSecond} events/s the ${a.source.maxBatchingWindowSeconds} s window closes a batch at about ${a.archiver.messagesPerInvocation.median} messages, not ${a.source.batchSize}. ${(() => {
        // Two points (object size against events in it) give each object's fixed part and the bytes each event adds.
        const n1 = a.lake.eventsPerObject,
          b1 = a.lake.bytesPerEvent * n1,
          n2 = a.fullBatch.eventsPerObject,
          b2 = a.fullBatch.bytesPerEvent * n2;
        const perEvent = (b2 - b1) / (n2 - n1);
        return n2 > n1
          ? `From the two columns, an object is about ${Math.round(b1 - perEvent * n1).toLocaleString('en-US')} B of fixed Parquet overhead (footer, schema, column chunk headers) plus ${perEvent.toFixed(1)} B per event: the fixed part is why small objects cost more per event.`
          : '';
      })()}

**Per million events** (prices of section 4): ingest through \`POST /v1/events\` in requests of ${a.load.eventsPerRequest}: ${perMillionEvents.ingest === null ? '-' : usd4(perMillionEvents.ingest)}
(API Gateway, Lambda, SQS sends); archiving: ${usd4(perMillionEvents.archiver.total)} (Lambda ${usd4(perMillionEvents.archiver.lambdaRequests + perMillionEvents.archiver.lambdaDuration)} at ${a.source.archiverMemoryMb} MB from the mean measured
duration, SQS receives and deletes ${usd4(perMillionEvents.archiver.sqs)}, S3 PUTs ${usd4(perMillionEvents.archiver.s3)}); S3 storage ${usd4(perMillionEvents.storagePerMonth)} a month for each million events kept.
SQS requests per event: **${sqsRequestsPerEventOf(a)}** (target ${TARGETS.sqsRequestsPerEvent}): ${a.sqsRequestsPerEvent.send} sends, ${a.sqsRequestsPerEvent.receive} receives
(each billed one request per started 64 KB of what it returned, read from its response)${a.sqsRequestsPerEvent.receivedPayload ? `, ${a.sqsRequestsPerEvent.receivedPayload} estimated for received 64 KB chunks on top` : ''}, and ${a.sqsRequestsPerEvent.delete} deletes, as recorded${
        a.sqsRequests
          ? ` (${a.sqsRequests.send} send, ${a.sqsRequests.receive} receive and ${a.sqsRequests.delete} delete requests for ${a.load.eventsSent.toLocaleString('en-US')} events; ${a.sqsRequests.receiveCalls} receive calls returned ${a.sqsRequests.messagesPerReceive} messages each on average)`
          : ''
      }. The local poller receives up to 10 messages a call,
as the event source mapping does, and its empty long polls are counted too. Producers pack events into compressed messages
(\`lambdas/analytics/messages.ts\`, format 3: the items' JSON, raw DEFLATE, base64) of at most one billed 64 KB chunk: ${a.eventsPerMessage} events a message here${
        a.messageBytes
          ? ` in ${(a.messageBytes / 1024).toFixed(1)} KB (${((a.lake.rawJsonBytesPerEvent * a.eventsPerMessage) / 1024).toFixed(1)} KB of JSON)`
          : ''
      }, one per request of ${a.load.eventsPerRequest}, so sends alone
are 1/${a.eventsPerMessage} per event (a client batch holds at most 100 events, and its verdicts are answered only once it is queued).

**Why ${a.load.eventsPerSecond} events/s sits at about 2/${a.eventsPerMessage} per event, and when it falls to ~1.2/${a.eventsPerMessage}.** A receive is a long poll: it returns as soon as one
message is there. At ${a.load.eventsPerSecond} events/s in batches of ${a.load.eventsPerRequest}, a message arrives every ${Math.round((a.load.eventsPerRequest / a.load.eventsPerSecond) * 1000)} ms, so nearly every receive returns one message
and receives cost about as much as sends; the batching window gathers those receives into one invocation (fewer deletes, larger
lake objects) but cannot make a receive wait for a second message, in AWS's event source mapping as in the local poller.
${
  a.backlog
    ? `With a backlog (the producer queued ${a.backlog.events.toLocaleString('en-US')} more events with no archiver running, then the same poller drained them: what any rate of
100 messages a second and more keeps, since a receive then always finds 10 waiting), receives and deletes carry up to 10 messages each:
${a.backlog.sqsRequestsPerEvent.send} sends + ${a.backlog.sqsRequestsPerEvent.receive} receives + ${a.backlog.sqsRequestsPerEvent.delete} deletes = **${a.backlog.sqsRequestsPerEvent.total}** per event (${a.backlog.sqsRequests.receiveCalls} receive calls, ${a.backlog.sqsRequests.messagesPerReceive} messages each).
Compression is what keeps a full receive at one billed request: ten uncompressed client batches
(${((a.lake.rawJsonBytesPerEvent * a.eventsPerMessage * 10) / 1024).toFixed(0)} KB) would bill ${Math.ceil((a.lake.rawJsonBytesPerEvent * a.eventsPerMessage * 10) / 65_536)}.`
    : ''
}
Below 100 messages a second the floor is one send and about one receive per message; what would lower it is a consumer that
polls less often than messages arrive (a scheduled drain: a minute of lake latency, and its own scaling instead of the event
source mapping's), for SQS requests worth about $${(a.load.eventsPerSecond * 30 * 86_400 * (sqsRequestsPerEventOf(a) - (a.backlog?.sqsRequestsPerEvent.total ?? sqsRequestsPerEventOf(a))) * unitPrice(r.prices.prices.sqsRequest!)).toFixed(2)} a month at ${a.load.eventsPerSecond} events/s. Not included:
Athena scans, CloudWatch Logs, the publisher's share for domain events.

${unmeasured.length ? `Routes of the route table without a benchmark entry yet (one entry each in \`bench/routes.ts\`): ${unmeasured.map((x) => `\`${x.method} ${x.path}\``).join(', ')}.` : 'Every route of the route table has a benchmark entry.'}
`;
    }),
  );

  out.push(
    sectionOf(r, ['lake'], 'lake', '6. The lake: realistic events, compaction, what a report reads', (r) => {
      const l = r.lake;
      const pct = (n: number) => `${Math.round((n / l.events) * 100)} %`;
      const row = (name: string, x: LakeFigure['before'], read: LakeFigure['reportBefore']) => [
        name,
        x.objects.toLocaleString('en-US'),
        `**${x.eventsPerObject}**`,
        `${x.bytesPerEvent} B`,
        `${(x.bytes / 1e6).toFixed(2)} MB`,
        x.viewEvents.toLocaleString('en-US'),
        `${(read.bytesRead / 1e3).toFixed(1)} KB from ${read.filesRead} files (${read.outsideWindow} outside the window: ${(read.outsideWindowBytes / 1e3).toFixed(1)} KB)`,
        `${read.windowFiles} files, ${(read.windowBytes / 1e3).toFixed(1)} KB`,
        `**${read.ratio} x**`,
        mark(read.ratio <= TARGETS.reportWindowRatio),
      ];
      return `## 6. The lake: realistic events, compaction, what a report reads

**How measured.** ${l.events.toLocaleString('en-US')} client events over ${l.days} days up to today (${l.eventsPerDay.toLocaleString('en-US')} a day), drawn by \`bench/population.ts\`
(seed ${l.seed}): 20,000 members, 2,000 posts in 40 communities linking 2,000 products, each drawn with Zipf-like popularity;
times uniform over each day; ${Object.entries(l.byType)
        .map(([t, n]) => `${t} ${pct(n)}`)
        .join(', ')}; dwell times, positions, query lengths and counts varied. They go through the archiver's use case
(\`archiveBatch\`, packed messages of 100, ${l.eventsPerBatch} events an invocation as under the steady load of section 5) into fauxqs S3, then the
compactor's (\`compactDay\`, lambdas/analytics/compact.ts) compacts the ${l.compaction.closedDays} closed days (today stays open) in
${(l.compaction.ms / 1000).toFixed(1)} s, ${l.compaction.mergedObjects} merged objects. The lake is copied to a folder and read with DuckDB (\`openLake\`, the
same views Athena gets). *Report reads*: \`EXPLAIN ANALYZE\` of the \`${l.reportAfter.report}\` report over the 7 closed days
${l.reportAfter.window.from} to ${l.reportAfter.window.to}, with DuckDB's file system log on (\`enable_logging('FileSystem')\`): the distinct bytes its READs covered in each file,
against the bytes of those days' partition files (every type). Counting every READ, re-reads included (DuckDB reads each page header's 256 bytes
ahead of the page, then the page from its start): ${(l.reportBefore.allReadsBytes / 1e3).toFixed(1)} KB before, ${(l.reportAfter.allReadsBytes / 1e3).toFixed(1)} KB after (${(l.reportAfter.allReadsBytes / l.reportAfter.windowBytes).toFixed(3)} x); a re-read range is served from
the OS page cache here, and by S3 again in AWS only if DuckDB issues a new range request. Each scan's "Total Files Read" (EXPLAIN ANALYZE): before ${l.reportBefore.filesPerScan.join(', ')}, after ${l.reportAfter.filesPerScan.join(', ')}.

${table(
  ['lake', 'objects', 'events per object', 'bytes per event', 'size', 'deduplicated view', 'a 7-day report reads', "the week's partitions", 'ratio', '≤ 1.1 x'],
  [row('as archived', l.before, l.reportBefore), row('after compaction', l.after, l.reportAfter)],
)}

Compaction merges a closed day's objects of each partition into one (up to 128 MB each): ${l.before.eventsPerObject} → ${l.after.eventsPerObject} events
per object, ${l.before.bytesPerEvent} → ${l.after.bytesPerEvent} B per event (each small object repeats the footer, the schema and the
column chunk headers; merged, the dictionaries and run lengths span the day). The deduplicated view showed the same ${l.events.toLocaleString('en-US')} events before and after.
The lake held ${(l.reportAfter.lakeBytes / 1e6).toFixed(2)} MB; the week's report read ${(l.reportAfter.bytesRead / 1e6).toFixed(3)} MB of it (${l.reportAfter.outsideWindow} files
outside its window, footers only): partition pruning on \`dt\` below the view's window function. The files outside the window are
opened for their schema (the local view reads with \`union_by_name\`; Athena's Glue table has the schema and projects partitions).
`;
    }),
  );

  if (r.memberData) {
    const m = r.memberData;
    out.push(`## 6. Members: the sanction check and an export

Every authenticated request but the member's own account reads the caller's state item once, eventually
consistent (\`lambdas/members/admission.ts\`): **${m.sanctionCheckReadUnits} RRU** for a ${m.stateItemBytes} B item holding two
active sanctions (the route budgets above include it). An export job for a member with **${m.contributions}
contributions** (posts, comments, reactions) took **${(m.exportMs / 1000).toFixed(1)} s** from its message to the
archive in S3 (${m.archiveItems} items, ${(m.archiveBytes / 1e6).toFixed(2)} MB of JSON), on DynamoDB Local and fauxqs.
\`BENCH_ONLY=member-data npm run bench\` measures this section alone.
`);
  }

  out.push(`## Reproducing

\`\`\`sh
npm run bench                                   # everything above, ~${Math.max(1, Math.round(r.totalMs / 60000))} min on this machine; needs Java 17+ for DynamoDB Local
BENCH_ITERATIONS=50 BENCH_INIT_RUNS=15 BENCH_SCALE=1000,10000 BENCH_EVENTS_SECONDS=10 npm run bench   # a quicker, noisier run
\`\`\`

- Bundle sizes and the package breakdown: \`bench/bundles.ts\` (esbuild with \`esbuildOptionsOf(CHORUS_BUNDLING)\`, metafile).
- Cold init: \`bench/cold-init.ts\` (\`BENCH_INIT_RUNS\` fresh processes per bundle).
- Handler overhead and units: \`bench/handler-overhead.ts\` with the route entries of \`bench/routes.ts\` (\`BENCH_ITERATIONS\`).
- Moderation routes and their data: \`bench/moderation.ts\` (held posts, reports, leases and decisions through the use cases).
- Scale: \`bench/scale.ts\` (\`BENCH_SCALE\`, the table sizes; one pending queue item per ten posts).
- \`POST /v1/events\` and the analytics path: \`bench/events.ts\` on fauxqs, SQS calls recorded by \`bench/sqs-recorder.ts\` (\`BENCH_EVENTS_RATE\`, \`BENCH_EVENTS_SECONDS\`).
- The lake with realistic events, compaction and report reads: \`bench/lake.ts\`, \`bench/population.ts\` (\`BENCH_LAKE_DAYS\`, \`BENCH_LAKE_EVENTS_PER_DAY\`).
- One part only: \`npm run bench -- --only lake\` (sections: bundles, cold-init, routes, analytics, scale, lake; the others keep their last figures).
- Cost: \`lambdas/finance/cost.ts\` over \`pricing/aws-us-east-1.json\`; unit tests in \`test/unit/finance/\`.
`);
  return `${out.join('\n')}`;
}
