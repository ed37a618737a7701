/**
 * npm run capacity: writes CAPACITY.md, the capacity model over the benchmark's measurements
 * (bench/results.json), the profiles and peaks of pricing/profiles.json and the prices of
 * pricing/aws-us-east-1.json. Exits 1 when the model misses the benchmark's own load by more than 10 %.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CapacityMeasurements, type PeakScenario, peakMonthProfile, predictLoad } from '../lambdas/finance/capacity';
import {
  type ComponentBill,
  type Concentration,
  modelChecks,
  profilePeak,
  renderCapacity,
  scenarioFigures,
  withinTenPercent,
} from '../lambdas/finance/capacity-report';
import { costReport } from '../lambdas/finance/cost-report';
import { parsePriceTable } from '../lambdas/finance/pricing';
import { type MeasuredRoute, profileUsage, type WorkloadProfile } from '../lambdas/finance/profile';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

interface BenchFile {
  readonly measuredAt: string;
  readonly settings: { readonly lambdaMemoryMb: number };
  readonly routes?: readonly (MeasuredRoute & { readonly name: string })[];
  readonly analytics?: {
    readonly eventsPerMessage: number;
    readonly sqsRequestsPerEvent: { readonly send: number; readonly receive: number; readonly delete: number };
    readonly backlog?: { readonly events: number; readonly sqsRequests: { readonly receive: number; readonly delete: number } };
    readonly load: { readonly eventsPerSecond: number; readonly seconds: number; readonly eventsPerRequest: number; readonly eventsSent: number };
    readonly producer?: { readonly requests: number; readonly readUnits: number; readonly writeUnits: number; readonly handlerMsTotal: number };
  };
  readonly lake?: { readonly after: { readonly bytesPerEvent: number } };
}

type PeakFile = Concentration & { readonly members: number; readonly postsPerSecond: number; readonly eventsPerSecond: number; readonly mixOf: string };

/** Requests per message of the backlog phase (its messages: its events over the events a message carries). */
const perBacklogMessage = (requests: number, events: number, eventsPerMessage: number) => Math.round((requests / (events / eventsPerMessage)) * 1000) / 1000;

function main(): number {
  const bench = readJson('bench/results.json') as BenchFile;
  const { profiles, peaks } = readJson('pricing/profiles.json') as { profiles: Record<string, WorkloadProfile>; peaks: Record<string, PeakFile | string> };
  const prices = parsePriceTable(readJson('pricing/aws-us-east-1.json'));
  const { routes, analytics, lake } = bench;
  if (!routes || !analytics?.producer || !lake) {
    console.error(
      'bench/results.json lacks the routes, analytics (with the producer figures) or lake section: run npm run bench -- --only routes,analytics,lake',
    );
    return 2;
  }
  const measurements: CapacityMeasurements = {
    routes,
    lambdaMemoryMb: bench.settings.lambdaMemoryMb,
    lakeBytesPerEvent: lake.after.bytesPerEvent,
    eventsPerMessage: analytics.eventsPerMessage,
    receivesPerMessage: Math.round(analytics.sqsRequestsPerEvent.receive * analytics.eventsPerMessage * 100) / 100,
    deletesPerMessage: Math.round(analytics.sqsRequestsPerEvent.delete * analytics.eventsPerMessage * 100) / 100,
    // Runs before the backlog phase was measured: a full receive or delete serves 10 messages.
    ...(analytics.backlog
      ? {
          fullReceivesPerMessage: perBacklogMessage(analytics.backlog.sqsRequests.receive, analytics.backlog.events, analytics.eventsPerMessage),
          fullDeletesPerMessage: perBacklogMessage(analytics.backlog.sqsRequests.delete, analytics.backlog.events, analytics.eventsPerMessage),
        }
      : { fullReceivesPerMessage: 0.1, fullDeletesPerMessage: 0.1 }),
  };

  const prediction = predictLoad(analytics.load, measurements, 'recordEvents', `record ${analytics.load.eventsPerRequest} events`);
  const checks = modelChecks(prediction, {
    requests: analytics.producer.requests,
    readUnits: analytics.producer.readUnits,
    writeUnits: analytics.producer.writeUnits,
    sqsSendRequests: analytics.sqsRequestsPerEvent.send * analytics.load.eventsSent,
    handlerSeconds: analytics.producer.handlerMsTotal / 1000,
  });

  const bill = (name: string, profile: WorkloadProfile): ComponentBill[] => {
    const { usage } = profileUsage(name, profile, { routes, lambdaMemoryMb: bench.settings.lambdaMemoryMb, measuredAt: bench.measuredAt });
    const byComponent = new Map<string, number>();
    for (const line of costReport(prices, usage).byComponent) byComponent.set(line.component, (byComponent.get(line.component) ?? 0) + line.usd);
    return [...byComponent].map(([component, usd]) => ({ component, usd })).sort((a, b) => b.usd - a.usd);
  };
  const ambition = peaks.ambition as PeakFile;
  const concentration: Concentration = ambition;
  const scenarios = Object.entries(profiles).map(([name, profile]) => {
    const peak = profilePeak(`profile ${name}`, profile, concentration);
    return scenarioFigures(peak, measurements, bill(name, { ...profile, lakeBytesPerEvent: measurements.lakeBytesPerEvent }));
  });
  const mix = profiles[ambition.mixOf];
  if (!mix) throw new Error(`peaks.ambition.mixOf must name a profile (${Object.keys(profiles).join(', ')}), got ${ambition.mixOf}`);
  const peak: PeakScenario = { name: 'ambition', ...ambition, mix };
  scenarios.push(scenarioFigures(peak, measurements, bill('ambition', peakMonthProfile(peak, measurements))));

  const timing = { predicted: prediction.lambdaSeconds, measured: analytics.producer.handlerMsTotal / 1000 };
  const load = `${analytics.load.eventsSent.toLocaleString('en-US')} events at ${analytics.load.eventsPerSecond}/s in requests of ${analytics.load.eventsPerRequest}`;
  writeFileSync(join(ROOT, 'CAPACITY.md'), renderCapacity({ measuredAt: bench.measuredAt, measurements, checks, timing, load, scenarios }));
  console.log('wrote CAPACITY.md');
  const misses = checks.filter((c) => !withinTenPercent(c));
  for (const c of misses) console.log(`MODEL MISSES ${c.what}: predicted ${c.predicted}, measured ${c.measured}`);
  return misses.length === 0 ? 0 : 1;
}

process.exitCode = main();
