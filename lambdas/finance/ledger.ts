/**
 * The escape-velocity ledger: per community and week, what the community costs (measured labor,
 * fixed staffing, infrastructure) against the value it produces (lake measures, priced only through
 * finance's unit values), cumulated since it opened, with the week the value trend crosses the cost
 * trend and the staffing the measured handle times call for. The use case behind
 * GET /v1/finance/ledger and `npm run ledger`: both print what this returns.
 */
import type { Ledger, LedgerWeek } from '../api/finance-schemas';
import { isCommunityManager, type Caller } from '../domain/caller';
import type { Clock } from '../domain/clock';
import { BadRequestError, ForbiddenError, NotFoundError } from '../domain/errors';
import { costReport } from './cost-report';
import { laborByWeek, ratesFor, ROLES, TASK_KINDS, tasksOf, UNMEASURED_TASKS, type LaborRates, type TaskKindName, type TaskStep } from './labor';
import { unitPrice, type PriceTable } from './pricing';
import { at, crossing, leastSquares } from './trend';
import type { MeteredUsage, UsageSource } from './usage';
import type { MeasureSource } from './ledger-measures';
import { MEASURES, moneyOf, type ValueTable } from './value';
import { dayOf, mondayOf, WEEK_MS, weekIndexOf, weekStart } from './weeks';

/** Reads a community's task steps (its audit) between two instants: one Query on an index, never a Scan. */
export interface LaborSource {
  steps(kind: TaskKindName, communityId: string, from: Date, to: Date): Promise<TaskStep[]>;
}

export interface LedgerDeps {
  readonly clock: Clock;
  readonly prices: PriceTable;
  readonly usage: UsageSource;
  readonly laborRates: LaborRates;
  readonly valueTable: ValueTable;
  readonly labor: LaborSource;
  /** The community's opening time, or undefined when it does not exist. */
  readonly openedAt: (communityId: string) => Promise<Date | undefined>;
  /** The lake measures: what the ledger-measures job stored (the route, the CLI), or the lake itself. */
  readonly measures: MeasureSource;
}

/** Weeks the trend and the staffing forecast fit their lines through. */
export const TREND_WEEKS = 6;
/** How far ahead the crossover is looked for. */
export const HORIZON_WEEKS = 104;
/** At most this many weeks of the trend lines go into the answer (and the chart). */
const PROJECTION_WEEKS = 52;
/** Weeks the staffing forecast projects. */
export const FORECAST_WEEKS = 4;
const DEFAULT_WEEKS_SHOWN = 12;
/** How long after a week a task that started in it may still end (holds are minutes; extensions are rare). */
const TASK_LOOKAHEAD_MS = 86_400_000;

export function assertLedgerReader(caller: Caller): void {
  if (!caller.groups.has('finance') && !isCommunityManager(caller)) throw new ForbiddenError('the ledger is for the finance and community-managers groups');
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const parseDay = (value: string, name: string): Date => {
  const d = new Date(`${value}T00:00:00Z`);
  if (!DATE_ONLY.test(value) || Number.isNaN(d.getTime())) throw new BadRequestError(`${name} must be a date YYYY-MM-DD, got ${value}`);
  return d;
};

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Infrastructure a community's own requests cost: priced the way the cost report prices them. */
function attributedUsd(prices: PriceTable, usage: MeteredUsage, communityId: string): { own: number; allAttributed: number } {
  const p = prices.prices;
  const price = (c: NonNullable<MeteredUsage['byCommunity']>[number]) =>
    c.requests * unitPrice(p.apiGatewayHttpRequest) +
    c.requests * unitPrice(p.lambdaRequest) +
    c.gbSeconds * unitPrice(p.lambdaArmGbSecond) +
    c.readUnits * unitPrice(p.dynamoDbReadRequestUnit) +
    c.writeUnits * unitPrice(p.dynamoDbWriteRequestUnit);
  const all = usage.byCommunity ?? [];
  return { own: sum(all.filter((c) => c.communityId === communityId).map(price)), allAttributed: sum(all.map(price)) };
}

export async function buildLedger(deps: LedgerDeps, query: { communityId: string; from?: string | undefined; to?: string | undefined }): Promise<Ledger> {
  const now = deps.clock();
  const toDay = query.to === undefined ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) : parseDay(query.to, 'to');
  const lastWeek = mondayOf(toDay);
  const fromDay = query.from === undefined ? new Date(lastWeek.getTime() - (DEFAULT_WEEKS_SHOWN - 1) * WEEK_MS) : parseDay(query.from, 'from');
  if (fromDay > toDay) throw new BadRequestError(`from must not be after to, got from ${dayOf(fromDay)} and to ${dayOf(toDay)}`);
  if (toDay.getTime() - fromDay.getTime() > 366 * 86_400_000)
    throw new BadRequestError('a ledger shows at most 366 days; cumulative figures still count from the opening');
  const opened = await deps.openedAt(query.communityId);
  if (!opened) throw new NotFoundError(`community ${query.communityId} does not exist`);

  // Every week from the opening: cumulative figures and the trend need them all.
  const anchor = mondayOf(opened);
  const weekCount = Math.max(0, weekIndexOf(anchor, lastWeek.getTime()) + 1);
  const end = new Date(anchor.getTime() + weekCount * WEEK_MS);
  const endedWeeks = Math.max(0, Math.min(weekCount, weekIndexOf(anchor, now.getTime())));

  const rates = ratesFor(deps.laborRates, query.communityId);
  const kinds = Object.keys(TASK_KINDS) as TaskKindName[];
  const stepLists = await Promise.all(kinds.map((k) => deps.labor.steps(k, query.communityId, anchor, new Date(end.getTime() + TASK_LOOKAHEAD_MS))));
  const tasks = kinds.flatMap((k, i) => tasksOf(k, stepLists[i]!, now));
  const labor = laborByWeek(tasks, rates, anchor, weekCount);

  const notes: string[] = [];
  const notMeasured = [...UNMEASURED_TASKS, ...MEASURES.flatMap((m) => (m.notMeasured ? [m.notMeasured] : []))];
  const lake = await deps.measures.weeks(query.communityId, anchor, weekCount, endedWeeks);
  const measures = lake.measures;
  const valueSource = lake.source;
  notes.push(...lake.notes);

  const infra = await Promise.all(
    Array.from({ length: weekCount }, async (_, w) => {
      const usage = await deps.usage.usage({ from: weekStart(anchor, w), to: weekStart(anchor, w + 1) });
      const report = costReport(deps.prices, usage);
      const { own, allAttributed } = attributedUsd(deps.prices, usage, query.communityId);
      const unattributed = Math.max(0, report.totalUsd - allAttributed);
      // The event pipeline's cost, as far as no request already carries it, shared by the communities' events.
      const pipeline = Math.min(unattributed, report.byFeature.find((f) => f.feature === 'analytics')?.usd ?? 0);
      const mine = measures[w]?.lakeEvents;
      const everyone = lake.allEvents[w];
      const share = typeof mine === 'number' && typeof everyone === 'number' && everyone > 0 ? Math.min(1, mine / everyone) : null;
      return {
        attributedUsd: own,
        allocatedUsd: share === null ? 0 : pipeline * share,
        sharedUsd: share === null ? unattributed : unattributed - pipeline,
        source: usage.source,
        known: usage.byCommunity !== undefined,
        shared: share === null && pipeline > 0,
      };
    }),
  );
  if (infra.some((i) => !i.known))
    notes.push(
      'The usage source does not know requests per community (CloudWatch metrics): requests are shown as shared; only the event pipeline is allocated, by event share.',
    );
  if (infra.some((i) => i.shared))
    notes.push("Some weeks have no all-community event count yet (the ledger-measures job's full run stores it): their event pipeline stays shared.");

  let cumulativeCost = 0;
  let cumulativeValue = 0;
  const all: LedgerWeek[] = labor.map((l, w) => {
    const m = measures[w] ?? {};
    const laborUsd = l.measuredUsd + l.fixedUsd;
    const totalCost = laborUsd + infra[w]!.attributedUsd + infra[w]!.allocatedUsd;
    const value = moneyOf(m, deps.valueTable).usd;
    cumulativeCost += totalCost;
    cumulativeValue += value;
    const per = (n: number | null | undefined) => (typeof n === 'number' && n > 0 ? totalCost / n : null);
    return {
      weekStart: dayOf(weekStart(anchor, w)),
      complete: w < endedWeeks,
      labor: {
        handleHours: Object.fromEntries(ROLES.flatMap((r) => (l.handleHoursByRole[r] === undefined ? [] : [[r, l.handleHoursByRole[r]!]]))),
        tasks: l.tasks,
        completedTasks: l.completed,
        measuredUsd: l.measuredUsd,
        fixedHours: l.fixedHours,
        fixedUsd: l.fixedUsd,
        totalUsd: laborUsd,
      },
      infrastructure: { attributedUsd: infra[w]!.attributedUsd, allocatedUsd: infra[w]!.allocatedUsd, sharedUsd: infra[w]!.sharedUsd },
      totalCostUsd: totalCost,
      costPerActiveMemberUsd: per(m.activeMembers),
      costPerContributorUsd: per(m.contributors),
      measures: { ...m },
      valueUsd: value,
      cumulativeCostUsd: cumulativeCost,
      cumulativeValueUsd: cumulativeValue,
    };
  });

  const firstShown = weekIndexOf(anchor, mondayOf(fromDay).getTime());
  const weeks = all.slice(Math.max(0, firstShown));
  const laborUsd = sum(weeks.map((w) => w.labor.totalUsd));
  const infrastructureUsd = sum(weeks.map((w) => w.infrastructure.attributedUsd + w.infrastructure.allocatedUsd));
  const costUsd = laborUsd + infrastructureUsd;
  const unit = new Map(deps.valueTable.unitValues.map((u) => [u.measure, u]));

  return {
    communityId: query.communityId,
    openedAt: opened.toISOString(),
    period: { from: dayOf(fromDay), to: dayOf(toDay) },
    generatedAt: now.toISOString(),
    weeks,
    totals: {
      costUsd,
      laborUsd,
      infrastructureUsd,
      sharedInfrastructureUsd: sum(weeks.map((w) => w.infrastructure.sharedUsd)),
      valueUsd: sum(weeks.map((w) => w.valueUsd)),
      laborShare: costUsd > 0 ? laborUsd / costUsd : null,
    },
    measures: MEASURES.map((m) => {
      const u = unit.get(m.id);
      return {
        id: m.id,
        label: m.label,
        definition: m.definition,
        measured: m.notMeasured === undefined,
        unitUsd: u?.usd ?? null,
        per: u?.per ?? null,
        rationale: u?.rationale ?? null,
      };
    }),
    labor: {
      rates: ROLES.map((role) => ({ role, ...deps.laborRates.roles[role], usdPerHour: rates.usdPerHour[role], overridden: rates.overridden.includes(role) })),
      fixedStaffing: [...rates.fixedStaffing],
      tasks: kinds.map((k) => ({ kind: k, source: TASK_KINDS[k].source })),
      version: deps.laborRates.version,
    },
    crossover: crossoverOf(all.slice(0, endedWeeks), anchor),
    staffing: staffingForecast(all.slice(0, endedWeeks), labor.slice(0, endedWeeks), deps.laborRates, anchor),
    sources: {
      infrastructure: `${infra[0]?.source ?? 'no weeks'}, priced with ${deps.prices.version}`,
      value: valueSource,
      labor: `${kinds.map((k) => TASK_KINDS[k].source).join('; ')}; rates ${deps.laborRates.version}`,
      valueTable: deps.valueTable.version,
    },
    notMeasured,
    notes,
  };
}

const CROSSOVER_MODEL = `least-squares lines through weekly value and weekly total cost of the last ${TREND_WEEKS} complete weeks (fewer when younger, at least 2); the first week ahead, within ${HORIZON_WEEKS}, where the value line reaches the cost line`;

/** When weekly value crosses weekly cost, from the trend of the last complete weeks. */
export function crossoverOf(complete: readonly LedgerWeek[], anchor: Date): Ledger['crossover'] {
  const recent = complete.slice(-TREND_WEEKS);
  if (recent.length < 2) {
    const text = `not enough complete weeks for a trend (${recent.length}, at least 2)`;
    return { status: 'insufficient-data', weekStart: null, model: CROSSOVER_MODEL, text, projection: [] };
  }
  const first = complete.length - recent.length;
  const value = leastSquares(recent.map((w, i) => ({ x: first + i, y: w.valueUsd })));
  const cost = leastSquares(recent.map((w, i) => ({ x: first + i, y: w.totalCostUsd })));
  const last = complete.length - 1;
  const projection = (until: number) =>
    Array.from({ length: Math.min(until, last + PROJECTION_WEEKS) - last + 1 }, (_, k) => ({
      weekStart: dayOf(weekStart(anchor, last + k)),
      costUsd: Math.max(0, at(cost, last + k)),
      valueUsd: Math.max(0, at(value, last + k)),
    }));
  if (at(value, last) >= at(cost, last)) {
    const week = complete[last]!.weekStart;
    return {
      status: 'crossed',
      weekStart: week,
      model: CROSSOVER_MODEL,
      text: `value is above cost on the current trend (week of ${week})`,
      projection: projection(last),
    };
  }
  const x = crossing(value, cost, last, HORIZON_WEEKS);
  if (x === undefined) {
    return { status: 'not-crossing', weekStart: null, model: CROSSOVER_MODEL, text: 'not crossing at the current trend', projection: projection(last + 12) };
  }
  const week = dayOf(weekStart(anchor, x));
  const text = `weekly value projected to cross weekly cost in the week of ${week}`;
  return { status: 'projected', weekStart: week, model: CROSSOVER_MODEL, text, projection: projection(x) };
}

/** Staff hours (and people) the projected moderation volume needs at the measured handle time. */
export function staffingForecast(
  complete: readonly LedgerWeek[],
  labor: readonly { itemsCompleted: number; handleHoursByRole: Partial<Record<string, number>> }[],
  rates: LaborRates,
  anchor: Date,
): Ledger['staffing'] {
  const recent = labor.slice(-TREND_WEEKS);
  const first = labor.length - recent.length;
  const items = sum(recent.map((l) => l.itemsCompleted));
  const hours = sum(recent.map((l) => sum(Object.values(l.handleHoursByRole).map((h) => h ?? 0))));
  const perItemHours = items > 0 ? hours / items : null;
  const model =
    `items: a least-squares line through the items decided in each of the last ${TREND_WEEKS} complete weeks, projected ${FORECAST_WEEKS} weeks; ` +
    `workload: items x the measured handle time per decided item over those weeks (released and expired holds included); ` +
    `staffed hours: workload / ${rates.occupancy} occupancy (people cannot be busy all the time and still meet due times when items arrive in bursts); ` +
    `people: staffed hours / ${rates.hoursPerPersonWeek} h a week, rounded up; moderation only (desk items once the desk exists)`;
  const line = recent.length > 0 ? leastSquares(recent.map((l, i) => ({ x: first + i, y: l.itemsCompleted }))) : undefined;
  const weeks = Array.from({ length: FORECAST_WEEKS }, (_, k) => {
    const x = complete.length + k;
    const projected = line ? Math.max(0, at(line, x)) : 0;
    const workload = perItemHours === null ? 0 : projected * perItemHours;
    const staffed = workload / rates.occupancy;
    return {
      weekStart: dayOf(weekStart(anchor, x)),
      items: projected,
      workloadHours: workload,
      staffedHours: staffed,
      people: Math.max(0, Math.ceil(staffed / rates.hoursPerPersonWeek - 1e-9)),
    };
  });
  return {
    model,
    handleMinutesPerItem: perItemHours === null ? null : perItemHours * 60,
    hoursPerPersonWeek: rates.hoursPerPersonWeek,
    occupancy: rates.occupancy,
    weeks,
  };
}

/** GET /v1/finance/ledger: finance and community managers. `deps` is a factory: a refused caller makes no adapter. */
export async function getLedger(
  deps: () => LedgerDeps,
  caller: Caller,
  query: { communityId: string; from?: string | undefined; to?: string | undefined },
): Promise<Ledger> {
  assertLedgerReader(caller);
  return buildLedger(deps(), query);
}
