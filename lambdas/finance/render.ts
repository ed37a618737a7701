/** The report as a text table (terminal) or a self-contained HTML page with inline SVG charts. */
import type { CostReport } from '../api/finance-schemas';

/**
 * Dollars for people: whole dollars from $100, cents from a cent, and below a cent two significant
 * digits written out ($0.00000094, never 9.4e-7), since a cost per request is that small.
 */
export const usd = (n: number | null): string =>
  n === null
    ? 'n/a'
    : n >= 100
      ? `$${n.toLocaleString('en-US', { maximumFractionDigits: 0 })}`
      : n >= 0.01 || n === 0
        ? `$${n.toFixed(2)}`
        : `$${n.toLocaleString('en-US', { maximumSignificantDigits: 2, maximumFractionDigits: 20 })}`;

/** Said where figures would be, when the period holds no usage at all (a $0 report is otherwise a puzzle). */
export function noDataNote(r: CostReport): string | undefined {
  if (r.totalUsd > 0) return undefined;
  return `No usage recorded from ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 16).replace('T', ' ')} UTC (source: ${r.source}): every figure is $0 and the charts are empty. Pick a period with activity (--from/--to), or use the API first.`;
}
const pct = (n: number | null): string => (n === null ? 'n/a' : `${n.toFixed(1)}%`);

function table(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const BUDGET_STATUS: Record<CostReport['budget']['status'], string> = {
  within: 'within budget',
  'forecast-over': 'FORECAST OVER BUDGET',
  over: 'OVER BUDGET',
  'no-budget': 'no budget configured',
};

export function renderTable(r: CostReport): string {
  const out: string[] = [];
  out.push(`Chorus cost ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 16).replace('T', ' ')} UTC (${r.period.days.toFixed(2)} days)`);
  out.push(`usage: ${r.source}`);
  out.push(`prices: ${r.prices.region} list prices, table ${r.prices.version}`);
  out.push('', `TOTAL ${usd(r.totalUsd)}`, '');
  const noData = noDataNote(r);
  if (noData) out.push(noData, '');
  out.push('By component');
  out.push(
    table(
      ['component', 'item', 'usage', 'cost'],
      r.byComponent.map((c) => [c.component, c.item, c.quantity, usd(c.usd)]),
      [3],
    ),
  );
  out.push('', 'By feature');
  out.push(
    table(
      ['feature', 'cost', 'share'],
      r.byFeature.map((f) => [f.feature, usd(f.usd), pct(f.share * 100)]),
      [1, 2],
    ),
  );
  out.push('', 'Per unit of activity');
  out.push(
    table(
      ['unit', 'cost', 'basis'],
      r.unitCosts.map((u) => [u.name, usd(u.usd), u.basis]),
      [1],
    ),
  );
  out.push('', `Month-end projection ${usd(r.projection.monthEndUsd)} (${usd(r.projection.runRatePerDayUsd)} a day; ${r.projection.basis})`);
  const b = r.budget;
  out.push(
    b.monthlyUsd === null
      ? `Budget: ${BUDGET_STATUS[b.status]} (set COST_MONTHLY_BUDGET_USD or --budget)`
      : `Budget ${usd(b.monthlyUsd)} a month: actual ${usd(b.actualUsd)} (${pct(b.actualPercent)}), forecast ${usd(b.forecastUsd)} (${pct(b.forecastPercent)}): ${BUDGET_STATUS[b.status]}`,
  );
  if (r.assumptions.length > 0) out.push('', 'Assumptions', ...r.assumptions.map((a) => `- ${a}`));
  out.push('', 'How each figure is priced', ...r.byComponent.map((c) => `- ${c.item}: ${c.basis}`));
  if (r.notes.length > 0) out.push('', 'Notes', ...r.notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Horizontal bars, largest first, labelled with their dollars. */
function barChart(title: string, items: readonly { label: string; value: number }[]): string {
  const sorted = [...items].filter((i) => i.value > 0).sort((a, b) => b.value - a.value);
  const max = Math.max(...sorted.map((i) => i.value), 1e-12);
  const row = 26;
  // Wide enough for the longest label (about 7 px a character at 12 px), so none is clipped at the left edge.
  const labelW = Math.max(80, ...sorted.map((i) => i.label.length * 7 + 16));
  const barW = 380;
  const amountW = Math.max(90, ...sorted.map((i) => usd(i.value).length * 7 + 16));
  if (sorted.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="52" role="img" aria-label="${esc(title)}"><text x="0" y="18" class="t">${esc(title)}</text><text x="0" y="42" fill="#666">no data in this period</text></svg>`;
  const h = 34 + sorted.length * row;
  const bars = sorted
    .map((item, i) => {
      const y = 30 + i * row;
      const w = Math.max(1, (item.value / max) * barW);
      return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(item.label)}</text><rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="20" fill="${PALETTE[i % PALETTE.length]}"/><text x="${labelW + w + 6}" y="${y + 15}">${esc(usd(item.value))}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + amountW}" height="${h}" role="img" aria-label="${esc(title)}"><text x="0" y="18" class="t">${esc(title)}</text>${bars}</svg>`;
}

/** Cost so far, month-end projection and budget on one scale. */
function budgetChart(r: CostReport): string {
  const b = r.budget;
  const values = [b.actualUsd, b.forecastUsd, b.monthlyUsd ?? 0];
  const max = Math.max(...values, 1e-12);
  const W = 400;
  const x = (v: number) => 10 + (v / max) * W;
  // The longest label starts right of the longest bar: reserve its width (about 7 px a character).
  const labelRoom = Math.max(...[`month-end forecast ${usd(b.forecastUsd)}`, `so far ${usd(b.actualUsd)}`].map((t) => t.length * 7 + 16));
  const budgetLabelHalf = b.monthlyUsd === null ? 0 : (`budget ${usd(b.monthlyUsd)}`.length * 7) / 2 + 4;
  const budget =
    b.monthlyUsd === null
      ? ''
      : `<line x1="${x(b.monthlyUsd).toFixed(1)}" y1="28" x2="${x(b.monthlyUsd).toFixed(1)}" y2="96" stroke="#d62728" stroke-width="3"/><text x="${x(b.monthlyUsd).toFixed(1)}" y="112" text-anchor="${x(b.monthlyUsd) < budgetLabelHalf ? 'start' : 'middle'}" fill="#d62728">budget ${esc(usd(b.monthlyUsd))}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${10 + W + Math.max(labelRoom, budgetLabelHalf)}" height="120" role="img" aria-label="Spend against budget"><text x="0" y="18" class="t">Spend against budget</text>
<rect x="10" y="32" width="${(x(b.forecastUsd) - 10).toFixed(1)}" height="26" fill="#aec7e8"/><text x="${(x(b.forecastUsd) + 6).toFixed(1)}" y="50">month-end forecast ${esc(usd(b.forecastUsd))}</text>
<rect x="10" y="64" width="${(x(b.actualUsd) - 10).toFixed(1)}" height="26" fill="#1f77b4"/><text x="${(x(b.actualUsd) + 6).toFixed(1)}" y="82">so far ${esc(usd(b.actualUsd))}</text>${budget}</svg>`;
}

export function renderHtml(r: CostReport, title = 'Chorus cost report'): string {
  const b = r.budget;
  const statusColor = b.status === 'within' ? '#2ca02c' : b.status === 'no-budget' ? '#7f7f7f' : '#d62728';
  const rows = (cells: readonly (readonly string[])[]) =>
    cells.map((c) => `<tr>${c.map((v, i) => `<td${i > 0 && /^\$|^n\/a|%$/.test(v) ? ' class="n"' : ''}>${esc(v)}</td>`).join('')}</tr>`).join('');
  const byComponentKind = new Map<string, number>();
  for (const c of r.byComponent) byComponentKind.set(c.component, (byComponentKind.get(c.component) ?? 0) + c.usd);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px;margin:0 0 4px} .sub{color:#666;margin-bottom:16px}
.kpis{display:flex;flex-wrap:wrap;gap:16px;margin:12px 0 20px} .kpi{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:150px}
.kpi b{display:block;font-size:22px} .kpi span{color:#666;font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:24px} svg{font:12px system-ui,sans-serif} svg .t{font-weight:600;font-size:14px}
table{border-collapse:collapse;margin:8px 0 18px} td,th{border-bottom:1px solid #eee;padding:4px 10px;text-align:left;vertical-align:top} td.n{text-align:right;white-space:nowrap}
h2{font-size:16px;margin:22px 0 6px} .nodata{background:#fff3cd;border:1px solid #e0c36c;border-radius:6px;padding:8px 12px} ul{margin:4px 0;padding-left:20px;color:#444}
</style></head><body>
<h1>${esc(title)}</h1>
${noDataNote(r) ? `<p class="nodata"><b>No data in this period.</b> ${esc(noDataNote(r)!)}</p>\n` : ''}<div class="sub">${esc(r.period.from.slice(0, 10))} to ${esc(r.period.to.slice(0, 16).replace('T', ' '))} UTC (${r.period.days.toFixed(2)} days) · usage: ${esc(r.source)} · ${esc(r.prices.region)} list prices ${esc(r.prices.version)}</div>
<div class="kpis">
<div class="kpi"><span>cost in the period</span><b>${esc(usd(r.totalUsd))}</b></div>
<div class="kpi"><span>month-end projection</span><b>${esc(usd(r.projection.monthEndUsd))}</b></div>
<div class="kpi"><span>budget</span><b style="color:${statusColor}">${esc(b.monthlyUsd === null ? 'none' : usd(b.monthlyUsd))}</b><span>${esc(b.status === 'no-budget' ? 'not configured' : `${pct(b.forecastPercent)} forecast · ${b.status}`)}</span></div>
${r.unitCosts.map((u) => `<div class="kpi"><span>${esc(u.name)}</span><b>${esc(usd(u.usd))}</b></div>`).join('')}
</div>
<div class="charts">
${barChart(
  'Cost by component',
  [...byComponentKind].map(([label, value]) => ({ label, value })),
)}
${barChart(
  'Cost by feature',
  r.byFeature.map((f) => ({ label: f.feature, value: f.usd })),
)}
${budgetChart(r)}
${barChart(
  'Compute by function',
  r.byComponent.filter((c) => c.component === 'compute').map((c) => ({ label: c.item.replace(/^Lambda /, ''), value: c.usd })),
)}
</div>
<h2>By component</h2><table><tr><th>component</th><th>item</th><th>usage</th><th>cost</th><th>how it is priced</th></tr>${rows(r.byComponent.map((c) => [c.component, c.item, c.quantity, usd(c.usd), c.basis]))}</table>
<h2>By feature</h2><table><tr><th>feature</th><th>cost</th><th>share</th><th>covers</th></tr>${rows(r.byFeature.map((f) => [f.feature, usd(f.usd), pct(f.share * 100), f.covers]))}</table>
<h2>Per unit of activity</h2><table><tr><th>unit</th><th>cost</th><th>basis</th></tr>${rows(r.unitCosts.map((u) => [u.name, usd(u.usd), u.basis]))}</table>
<h2>Projection and budget</h2><ul><li>${esc(r.projection.basis)}</li><li>${esc(b.monthlyUsd === null ? 'no budget configured' : `actual ${usd(b.actualUsd)} (${pct(b.actualPercent)}), forecast ${usd(b.forecastUsd)} (${pct(b.forecastPercent)}) of ${usd(b.monthlyUsd)}`)}</li></ul>
${r.assumptions.length ? `<h2>Assumptions</h2><ul>${r.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>` : ''}
${r.notes.length ? `<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<p class="sub">${esc(r.prices.note)}</p>
</body></html>
`;
}
