/** The ledger as a text table (terminal) or a self-contained HTML page with inline SVG charts. */
import type { Ledger } from '../api/finance-schemas';
import { usd } from './render';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined ? 'n/a' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (n: number | null | undefined): string => (n === null || n === undefined ? 'n/a' : `${(n * 100).toFixed(0)}%`);
const hours = (h: Readonly<Record<string, number>>): number => Object.values(h).reduce((a, b) => a + b, 0);
const sumOf = (l: Ledger, pick: (w: Ledger['weeks'][number]) => number): number => l.weeks.reduce((s, w) => s + pick(w), 0);

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Said where figures would be when the period holds no cost and no activity. */
export function noDataNote(l: Ledger): string | undefined {
  const any = l.weeks.some((w) => w.totalCostUsd > 0 || w.valueUsd > 0 || (w.measures.activeMembers ?? 0) > 0);
  return any
    ? undefined
    : `No data in this period (${l.period.from} to ${l.period.to}): no labor, no attributed infrastructure and no activity recorded for ${l.communityId}.`;
}

const MEASURE_COLUMNS = [
  'activeMembers',
  'contributors',
  'newMembers',
  'week4Retention',
  'posts',
  'reviews',
  'comments',
  'productLinkClicks',
  'answeredQuestions',
  'timeToFirstStaffResponseHours',
  'shippedIdeas',
  'shippedIdeaVoters',
] as const;
const SHORT: Record<(typeof MEASURE_COLUMNS)[number], string> = {
  activeMembers: 'active',
  contributors: 'contrib',
  newMembers: 'new',
  week4Retention: 'ret 4w',
  posts: 'posts',
  reviews: 'reviews',
  comments: 'comments',
  productLinkClicks: 'clicks',
  answeredQuestions: 'answered',
  timeToFirstStaffResponseHours: '1st resp h',
  shippedIdeas: 'shipped',
  shippedIdeaVoters: 'voters',
};
/** Measures that are not counts: shown as they are, and never summed over weeks. */
const NOT_SUMMED = new Set(['week4Retention', 'timeToFirstStaffResponseHours']);
const measureCell = (id: string, v: number | null | undefined): string =>
  id === 'week4Retention' ? pct(v) : id === 'timeToFirstStaffResponseHours' ? num(v, 1) : num(v);

/** A week's infrastructure in its cost: attributed per request and allocated by event share. */
const infraOf = (w: Ledger['weeks'][number]): number => w.infrastructure.attributedUsd + w.infrastructure.allocatedUsd;

/** The cells of a week's row, the same in the text table and the page. */
const weekCells = (w: Ledger['weeks'][number], running: string): string[] => [
  `${w.weekStart}${w.complete ? '' : running}`,
  usd(w.labor.totalUsd),
  usd(infraOf(w)),
  usd(w.totalCostUsd),
  usd(w.valueUsd),
  num(hours(w.labor.handleHours), 2),
  usd(w.costPerActiveMemberUsd),
  usd(w.costPerContributorUsd),
  ...MEASURE_COLUMNS.map((m) => measureCell(m, w.measures[m])),
  usd(w.cumulativeCostUsd),
  usd(w.cumulativeValueUsd),
];

/** Each measure with its unit value and rationale, and what it brought in the period. */
function valueLines(l: Ledger): string[] {
  return l.measures.map((m) => {
    if (!m.measured) return `- ${m.label}: not measured yet${m.unitUsd === null ? '' : ` (unit value ${usd(m.unitUsd)} per ${m.per} when it is)`}`;
    const units = l.weeks.reduce((s, w) => s + (NOT_SUMMED.has(m.id) ? 0 : (w.measures[m.id] ?? 0)), 0);
    const figure = NOT_SUMMED.has(m.id) ? '' : ` ${num(units)} in the period;`;
    return m.unitUsd === null
      ? `- ${m.label}:${figure} no unit value set${m.rationale ? ` (${m.rationale})` : ''}; ${m.definition}`
      : `- ${m.label}:${figure} x ${usd(m.unitUsd)} per ${m.per} = ${usd(units * m.unitUsd)}. Why ${usd(m.unitUsd)}: ${m.rationale}`;
  });
}

export function renderLedgerTable(l: Ledger): string {
  const out: string[] = [];
  out.push(`Chorus ledger: ${l.communityId}, weeks of ${l.period.from} to ${l.period.to} (opened ${l.openedAt.slice(0, 10)})`);
  out.push(`infrastructure: ${l.sources.infrastructure}`, `value: ${l.sources.value}; unit values ${l.sources.valueTable}`, `labor: ${l.sources.labor}`);
  const t = l.totals;
  out.push(
    '',
    `TOTAL cost ${usd(t.costUsd)} (labor ${usd(t.laborUsd)}, ${pct(t.laborShare)} of it; infrastructure ${usd(t.infrastructureUsd)}: attributed ${usd(sumOf(l, (w) => w.infrastructure.attributedUsd))} + allocated by event share ${usd(sumOf(l, (w) => w.infrastructure.allocatedUsd))}) · value ${usd(t.valueUsd)} · shared infrastructure (all communities, not in the total) ${usd(t.sharedInfrastructureUsd)}`,
    '',
  );
  const noData = noDataNote(l);
  if (noData) out.push(noData, '');
  out.push(
    table(
      [
        'week of',
        'labor',
        'infra',
        'cost',
        'value',
        'handle h',
        'cost/active',
        'cost/contrib',
        ...MEASURE_COLUMNS.map((m) => SHORT[m]),
        'cum cost',
        'cum value',
      ],
      l.weeks.map((w) => weekCells(w, '*')),
    ),
  );
  if (l.weeks.some((w) => !w.complete)) out.push('* week still running');
  out.push('', `Crossover: ${l.crossover.text}`, `  model: ${l.crossover.model}`);
  out.push('', 'Value in money (unit values finance sets, pricing/value.json)', ...valueLines(l));
  out.push('', 'Labor', ...laborLines(l));
  out.push('', 'Staffing forecast', ...staffingLines(l));
  out.push('', ...l.notMeasured.map((n) => `not measured yet: ${n}`));
  if (l.notes.length > 0) out.push('', 'Notes', ...l.notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}

function laborLines(l: Ledger): string[] {
  return [
    ...l.labor.rates.map(
      (r) => `- ${r.role}: ${usd(r.usdPerHour)} an hour${r.overridden ? ' (this community)' : ''}: ${r.basis} (${r.source}, checked ${r.checked})`,
    ),
    ...l.labor.fixedStaffing.map((s) => `- fixed: ${s.hoursPerWeek} h a week of ${s.role}: ${s.what}`),
    ...l.labor.tasks.map((t) => `- measured: ${t.kind}: ${t.source}; time between tasks is not counted, overlapping holds count once`),
  ];
}

function staffingLines(l: Ledger): string[] {
  const s = l.staffing;
  return [
    `- measured handle time per decided item: ${s.handleMinutesPerItem === null ? 'n/a (no decided items yet)' : `${num(s.handleMinutesPerItem, 1)} min`}`,
    ...s.weeks.map(
      (w) =>
        `- week of ${w.weekStart}: ${num(w.items, 1)} items, ${num(w.workloadHours, 1)} h of work, ${num(w.staffedHours, 1)} h staffed = ${w.people} ${w.people === 1 ? 'person' : 'people'} at ${s.hoursPerPersonWeek} h a week`,
    ),
    `- model: ${s.model}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// HTML

const COLORS = { labor: '#1f77b4', infrastructure: '#aec7e8', value: '#2ca02c', cost: '#d62728', trend: '#7f7f7f' };
/** About 7 px a character at 12 px: enough room that no label is clipped. */
const textWidth = (s: string): number => s.length * 7;
/** A chart's title, 14 px bold: about 8.5 px a character. */
const titleWidth = (s: string): number => Math.ceil(s.length * 8.5) + 10;

interface Axis {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly max: number;
}

type LegendItem = { readonly label: string; readonly color: string; readonly dashed?: boolean };

/**
 * The plot area both charts share: `slots` weeks across, money from 0 to `peak` (+10 %) up, the left
 * margin wide enough for the widest money label; `x` is a slot's centre, `y` a value's height.
 */
function plotArea(slots: number, peak: number, height: number) {
  const max = Math.max(peak, 1e-9) * 1.1;
  const left = Math.max(...[0, 1, 2, 3, 4].map((i) => textWidth(usd((max * i) / 4)))) + 14;
  const slot = Math.max(14, Math.min(48, 720 / slots));
  const a: Axis = { left, top: 30, width: slot * slots, height, max };
  const x = (i: number) => a.left + slot * i + slot / 2;
  const y = (v: number) => a.top + a.height - (Math.max(0, Math.min(v, max)) / max) * a.height;
  return { a, slot, x, y };
}

/** A chart's frame: title, money axis, week labels and legend around its series, sized so nothing clips. */
function chartFrame(
  chart: string,
  title: string,
  area: ReturnType<typeof plotArea>,
  labels: readonly string[],
  legendItems: readonly LegendItem[],
  series: string,
): string {
  const { a, x, slot } = area;
  const legendWidth = legendItems.reduce((s, i) => s + 34 + textWidth(i.label), 0);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(a.left + a.width + 20, legendWidth + 10, titleWidth(title))}" height="${a.top + a.height + 56}" role="img" aria-label="${esc(title)}" data-chart="${chart}">
<text x="0" y="16" class="t">${esc(title)}</text>${yAxis(a)}
${series}
${xLabels(labels, x, a.top + a.height + 16, slot)}${legend(legendItems, 4, a.top + a.height + 44)}</svg>`;
}

function yAxis(a: Axis): string {
  const ticks = 4;
  return Array.from({ length: ticks + 1 }, (_, i) => {
    const v = (a.max * i) / ticks;
    const y = a.top + a.height - (a.height * i) / ticks;
    return `<line x1="${a.left}" y1="${y.toFixed(1)}" x2="${a.left + a.width}" y2="${y.toFixed(1)}" stroke="#eee"/><text x="${a.left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${esc(usd(v))}</text>`;
  }).join('');
}

function xLabels(labels: readonly string[], x: (i: number) => number, y: number, slot: number): string {
  // Every k-th label, so that neighbours never overlap.
  const every = Math.max(1, Math.ceil((textWidth('00-00') + 8) / Math.max(slot, 1)));
  return labels
    .map((label, i) => (i % every === 0 ? `<text x="${x(i).toFixed(1)}" y="${y}" text-anchor="middle" data-role="x-label">${esc(label.slice(5))}</text>` : ''))
    .join('');
}

const emptyChart = (title: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(420, titleWidth(title))}" height="60" role="img" aria-label="${esc(title)}" data-chart="empty"><text x="0" y="18" class="t">${esc(title)}</text><text x="0" y="44" fill="#666">no data in this period</text></svg>`;

const legend = (items: readonly LegendItem[], x: number, y: number): string => {
  let at = x;
  return items
    .map((item) => {
      const mark = item.dashed
        ? `<line x1="${at}" y1="${y - 4}" x2="${at + 14}" y2="${y - 4}" stroke="${item.color}" stroke-width="2" stroke-dasharray="4 3"/>`
        : `<rect x="${at}" y="${y - 10}" width="12" height="12" fill="${item.color}"/>`;
      const text = `<text x="${at + 18}" y="${y}">${esc(item.label)}</text>`;
      at += 18 + textWidth(item.label) + 16;
      return mark + text;
    })
    .join('');
};

/** Weekly cost stacked by labor and infrastructure, value as a line, the trend lines and the crossover. */
function weeklyChart(l: Ledger): string {
  const title = 'Cost (labor + infrastructure) against value, per week';
  if (noDataNote(l) || l.weeks.length === 0) return emptyChart(title);
  const weeks = l.weeks;
  const c = l.crossover;
  // Weeks ahead up to a projected crossover (at most a year), so the crossover shows on the chart.
  const shownStart = Date.parse(`${weeks[0]!.weekStart}T00:00:00Z`);
  const ahead =
    c.status === 'projected' && c.weekStart ? Math.round((Date.parse(`${c.weekStart}T00:00:00Z`) - shownStart) / (7 * 86_400_000)) + 1 - weeks.length : 0;
  const slots = weeks.length + Math.min(Math.max(0, ahead), 52);
  const labels = Array.from({ length: slots }, (_, i) => new Date(shownStart + i * 7 * 86_400_000).toISOString().slice(0, 10));
  const area = plotArea(
    slots,
    Math.max(...weeks.map((w) => Math.max(w.totalCostUsd, w.valueUsd)), ...c.projection.map((p) => Math.max(p.costUsd, p.valueUsd))),
    220,
  );
  const { a, slot, x, y } = area;
  const barW = Math.max(6, slot * 0.6);
  const bars = (series: 'labor' | 'infrastructure') =>
    weeks
      .map((w, i) => {
        const bottom = series === 'labor' ? 0 : w.labor.totalUsd;
        const top = bottom + (series === 'labor' ? w.labor.totalUsd : infraOf(w));
        return `<rect x="${(x(i) - barW / 2).toFixed(1)}" y="${y(top).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(bottom) - y(top)).toFixed(1)}" fill="${COLORS[series]}"${w.complete ? '' : ' fill-opacity="0.45"'}><title>${esc(`${w.weekStart} ${series} ${usd(top - bottom)}`)}</title></rect>`;
      })
      .join('');
  const points = weeks.map((w, i) => `${x(i).toFixed(1)},${y(w.valueUsd).toFixed(1)}`).join(' ');
  const dots = weeks
    .map(
      (w, i) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(w.valueUsd).toFixed(1)}" r="3" fill="${COLORS.value}"><title>${esc(`${w.weekStart} value ${usd(w.valueUsd)}`)}</title></circle>`,
    )
    .join('');
  // The trend lines, dashed, from the last complete week on.
  const trend = (series: 'cost-trend' | 'value-trend', pick: (p: Ledger['crossover']['projection'][number]) => number, color: string) => {
    const pts = c.projection.flatMap((p) => {
      const i = labels.indexOf(p.weekStart);
      return i < 0 ? [] : [`${x(i).toFixed(1)},${y(pick(p)).toFixed(1)}`];
    });
    return pts.length < 2
      ? ''
      : `<polyline data-series="${series}" points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 4"/>`;
  };
  const trends = trend('cost-trend', (p) => p.costUsd, COLORS.cost) + trend('value-trend', (p) => p.valueUsd, COLORS.value);
  let crossing = '';
  if ((c.status === 'projected' || c.status === 'crossed') && c.weekStart) {
    const i = labels.indexOf(c.weekStart);
    if (i >= 0) {
      const label = `${c.status === 'crossed' ? 'crossed' : 'crossover'} ${c.weekStart.slice(5)}`;
      const anchor = x(i) + textWidth(label) / 2 > a.left + a.width ? 'end' : x(i) - textWidth(label) / 2 < 0 ? 'start' : 'middle';
      crossing = `<g data-series="crossover"><line x1="${x(i).toFixed(1)}" y1="${a.top}" x2="${x(i).toFixed(1)}" y2="${a.top + a.height}" stroke="${COLORS.value}" stroke-dasharray="5 4"/><text x="${x(i).toFixed(1)}" y="${a.top - 6}" text-anchor="${anchor}" fill="${COLORS.value}">${esc(label)}</text></g>`;
    }
  }
  const legendItems = [
    { label: 'labor', color: COLORS.labor },
    { label: 'infrastructure', color: COLORS.infrastructure },
    { label: 'value', color: COLORS.value },
    ...(trends ? [{ label: 'trends of cost and value', color: COLORS.trend, dashed: true }] : []),
  ];
  return chartFrame(
    'weekly',
    title,
    area,
    labels,
    legendItems,
    `<g data-series="labor">${bars('labor')}</g><g data-series="infrastructure">${bars('infrastructure')}</g>
<polyline data-series="value" points="${points}" fill="none" stroke="${COLORS.value}" stroke-width="2"/><g data-series="value-points">${dots}</g>${trends}${crossing}`,
  );
}

/** Cumulative cost and value since the community opened. */
function cumulativeChart(l: Ledger): string {
  const title = 'Cumulative cost and value since the community opened';
  if (noDataNote(l) || l.weeks.length === 0) return emptyChart(title);
  const weeks = l.weeks;
  const area = plotArea(weeks.length, Math.max(...weeks.map((w) => Math.max(w.cumulativeCostUsd, w.cumulativeValueUsd))), 200);
  const { x, y } = area;
  const line = (series: 'cumulative-cost' | 'cumulative-value', pick: (w: Ledger['weeks'][number]) => number, color: string) =>
    `<polyline data-series="${series}" points="${weeks.map((w, i) => `${x(i).toFixed(1)},${y(pick(w)).toFixed(1)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>` +
    `<g data-series="${series}-points">${weeks.map((w, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(pick(w)).toFixed(1)}" r="3" fill="${color}"><title>${esc(`${w.weekStart} ${usd(pick(w))}`)}</title></circle>`).join('')}</g>`;
  const legendItems = [
    { label: 'cumulative cost', color: COLORS.cost },
    { label: 'cumulative value', color: COLORS.value },
  ];
  return chartFrame(
    'cumulative',
    title,
    area,
    weeks.map((w) => w.weekStart),
    legendItems,
    line('cumulative-cost', (w) => w.cumulativeCostUsd, COLORS.cost) + line('cumulative-value', (w) => w.cumulativeValueUsd, COLORS.value),
  );
}

export function renderLedgerHtml(l: Ledger, title = `Chorus ledger: ${l.communityId}`): string {
  const t = l.totals;
  const noData = noDataNote(l);
  const rows = (cells: readonly (readonly string[])[]) =>
    cells.map((c) => `<tr>${c.map((v, i) => `<td${i > 0 ? ' class="n"' : ''}>${esc(v)}</td>`).join('')}</tr>`).join('');
  const headers = [
    'week of',
    'labor',
    'infrastructure',
    'total cost',
    'value',
    'handle hours',
    'cost per active',
    'cost per contributor',
    ...MEASURE_COLUMNS.map((m) => SHORT[m]),
    'cumulative cost',
    'cumulative value',
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px;margin:0 0 4px} .sub{color:#666;margin-bottom:16px}
.kpis{display:flex;flex-wrap:wrap;gap:16px;margin:12px 0 20px} .kpi{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:150px}
.kpi b{display:block;font-size:22px} .kpi span{color:#666;font-size:12px}
.charts{display:flex;flex-direction:column;gap:24px} svg{font:12px system-ui,sans-serif} svg .t{font-weight:600;font-size:14px}
table{border-collapse:collapse;margin:8px 0 18px;font-size:13px} td,th{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top} td.n,td:first-child{text-align:right;white-space:nowrap} td:first-child{text-align:left}
h2{font-size:16px;margin:22px 0 6px} .nodata{background:#fff3cd;border:1px solid #e0c36c;border-radius:6px;padding:8px 12px} ul{margin:4px 0;padding-left:20px;color:#444}
.scroll{overflow-x:auto}
</style></head><body>
<h1>${esc(title)}</h1>
<div class="sub">weeks of ${esc(l.period.from)} to ${esc(l.period.to)} (Monday to Sunday, UTC) · opened ${esc(l.openedAt.slice(0, 10))} · generated ${esc(l.generatedAt.slice(0, 16).replace('T', ' '))} UTC</div>
${noData ? `<p class="nodata"><b>No data in this period.</b> ${esc(noData)}</p>\n` : ''}<div class="kpis">
<div class="kpi"><span>total cost</span><b>${esc(usd(t.costUsd))}</b><span>labor ${esc(pct(t.laborShare))} of it</span></div>
<div class="kpi"><span>labor</span><b>${esc(usd(t.laborUsd))}</b></div>
<div class="kpi"><span>infrastructure (this community)</span><b>${esc(usd(t.infrastructureUsd))}</b><span>attributed ${esc(usd(sumOf(l, (w) => w.infrastructure.attributedUsd)))} + allocated ${esc(usd(sumOf(l, (w) => w.infrastructure.allocatedUsd)))}; shared, all communities: ${esc(usd(t.sharedInfrastructureUsd))}</span></div>
<div class="kpi"><span>value</span><b>${esc(usd(t.valueUsd))}</b></div>
<div class="kpi"><span>crossover</span><b>${esc(l.crossover.status === 'projected' ? l.crossover.weekStart! : l.crossover.status.replace('-', ' '))}</b><span>${esc(l.crossover.text)}</span></div>
</div>
<div class="charts">
${weeklyChart(l)}
${cumulativeChart(l)}
</div>
<p class="sub">Trend model: ${esc(l.crossover.model)}.</p>
<h2>Per week</h2><div class="scroll"><table><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows(
    l.weeks.map((w) => weekCells(w, ' (running)')),
  )}</table></div>
<h2>Value in money: each assumption beside the figure it drives</h2><ul>${valueLines(l)
    .map((line) => `<li>${esc(line.slice(2))}</li>`)
    .join('')}</ul>
<h2>Labor</h2><ul>${laborLines(l)
    .map((line) => `<li>${esc(line.slice(2))}</li>`)
    .join('')}</ul>
<h2>Staffing forecast</h2><ul>${staffingLines(l)
    .map((line) => `<li>${esc(line.slice(2))}</li>`)
    .join('')}</ul>
<h2>Not measured yet</h2><ul>${l.notMeasured.map((n) => `<li>not measured yet: ${esc(n)}</li>`).join('')}</ul>
${l.notes.length ? `<h2>Notes</h2><ul>${l.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<p class="sub">Sources: infrastructure ${esc(l.sources.infrastructure)}; value ${esc(l.sources.value)}, unit values ${esc(l.sources.valueTable)}; labor ${esc(l.sources.labor)}.</p>
</body></html>
`;
}
