/**
 * `report.html` and the daemon's `/report.html`: the same report model as the Markdown
 * report, as one self-contained page (inline CSS, no scripts, no external requests) with
 * three kinds of server-side SVG chart: the HDR percentile distribution per workload, the
 * contention scaling curve with its KPI targets, and the trend of each KPI over the run
 * history with change points marked.
 */
import type { RunResult, SuiteResult } from '../../model/result.ts';
import { percentileDistribution } from '../charts/percentile-distribution.ts';
import { percentilePlot } from '../charts/percentile-plot.ts';
import { scalingChart, type ScalingTarget } from '../charts/scaling-chart.ts';
import { escapeXml } from '../charts/svg.ts';
import { trendChart } from '../charts/trend-chart.ts';
import { buildReport, type KpiTrend, type ReportExtras, type ReportTable, type Span } from './report-model.ts';
import { sortedResults } from './summary.ts';
import { formatKpiValue } from './units.ts';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font: 12px ui-monospace, monospace; background: #f6f8fa; padding: 0 3px; border-radius: 3px; }
.bad { color: #cf222e; font-weight: 600; } .warn { color: #9a6700; font-weight: 600; } .good { color: #1a7f37; font-weight: 600; }
.muted, tr.muted td { color: #8c959f; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } .charts svg { max-width: 100%; height: auto; border: 1px solid #eee; }
`;

function span(part: Span): string {
  if (typeof part === 'string') return escapeXml(part).replace(/\r?\n/g, '<br>');
  const text = escapeXml(part.text).replace(/\r?\n/g, '<br>');
  const marked = part.code ? `<code>${text}</code>` : part.strong ? `<strong>${text}</strong>` : text;
  return part.tone === undefined ? marked : `<span class="${part.tone}">${marked}</span>`;
}

function table({ header, rows, numeric = new Set(), muted = new Set() }: ReportTable): string {
  const head = `<tr>${header.map((title) => `<th>${escapeXml(title)}</th>`).join('')}</tr>`;
  const body = rows.map((row, index) => `<tr${muted.has(index) ? ' class="muted"' : ''}>${row.map((cell, column) => `<td${numeric.has(column) ? ' class="num"' : ''}>${span(cell)}</td>`).join('')}</tr>`);
  return `<table>${head}${body.join('')}</table>`;
}

const threadsLabel = (threads: number) => `${threads} thread${threads === 1 ? '' : 's'}`;

/** Unique, attribute-safe ids for the charts of one page. */
function chartId(prefix: string, index: number): string {
  return `${prefix}-${index}`;
}

function percentileCharts(runs: readonly RunResult[]): string[] {
  const byWorkload = new Map<string, RunResult[]>();
  for (const run of runs) {
    if (run.status !== 'ok' || run.histogram === null) continue;
    byWorkload.set(run.workload, [...(byWorkload.get(run.workload) ?? []), run]);
  }
  return [...byWorkload].map(([workload, group], index) => percentilePlot(
    group.map((run) => ({ label: threadsLabel(run.threads), points: percentileDistribution(run.histogram as string) })),
    { title: `${workload}: latency by percentile`, id: chartId('hdr', index) },
  ));
}

function scalingCharts(runs: readonly RunResult[]): string[] {
  const contention = runs.filter((run) => run.category === 'contention' && run.status === 'ok');
  if (contention.length === 0) return [];
  const byWorkload = new Map<string, RunResult[]>();
  for (const run of contention) byWorkload.set(run.workload, [...(byWorkload.get(run.workload) ?? []), run]);
  const targets = new Map<string, ScalingTarget>();
  for (const run of contention) {
    for (const kpi of run.kpis) {
      if (kpi.unit !== 'ns' || kpi.direction !== 'max') continue;
      const target = targets.get(kpi.name) ?? { label: `${kpi.name} target`, severity: kpi.severity, points: [] };
      if (!target.points.some((point) => point.threads === run.threads)) {
        targets.set(kpi.name, { ...target, points: [...target.points, { threads: run.threads, nsPerOp: kpi.target }] });
      } else targets.set(kpi.name, target);
    }
  }
  return [scalingChart(
    [...byWorkload].map(([workload, group]) => ({ label: workload, points: group.map((run) => ({ threads: run.threads, nsPerOp: run.latencyNs.mean })) })),
    [...targets.values()],
    { title: 'Contention scaling: ns per op per thread', id: 'scaling-0' },
  )];
}

function trendCharts(trends: readonly KpiTrend[]): string[] {
  const byKpi = new Map<string, KpiTrend[]>();
  for (const trend of trends) {
    const key = trend.id.split('@')[0];
    byKpi.set(key, [...(byKpi.get(key) ?? []), trend]);
  }
  return [...byKpi].map(([kpi, group], index) => {
    const { unit } = group[0];
    const targets = [...new Set(group.map((trend) => trend.target))]
      .map((value) => ({ label: `target ${formatKpiValue(value, unit)}`, value, severity: 'warning' as const }));
    return trendChart(
      group.map((trend) => ({
        label: threadsLabel(Number(trend.id.split('@')[1])),
        points: trend.points.map((point) => ({ time: Date.parse(point.at), value: point.value })),
        changePoints: trend.changePoints.map((point) => ({ time: Date.parse(point.at), change: point.change })),
      })),
      targets,
      { title: `${kpi} over time`, id: chartId('trend', index), format: (value) => formatKpiValue(value, unit), yTitle: kpi.split('.').at(-1) ?? kpi },
    );
  });
}

function chartBlock(title: string, charts: readonly string[], empty: string): string {
  return `<h3>${escapeXml(title)}</h3>${charts.length === 0 ? `<p>${escapeXml(empty)}</p>` : `<div class="charts">${charts.join('')}</div>`}`;
}

export function renderHtml(result: SuiteResult, extras: ReportExtras = {}): string {
  const model = buildReport(result, extras);
  const runs = sortedResults(result.results);
  const parts: string[] = [
    '<!doctype html>', '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(model.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeXml(model.title)}</h1>`,
    table({ header: ['', ''], rows: model.environment.map(([key, value]) => [key, value]) }),
    `<p>${model.summary.map(span).join('')}</p>`,
    '<h2>Charts</h2>',
    chartBlock('Latency percentiles (HDR)', percentileCharts(runs), 'No latency histograms in these results.'),
    chartBlock('Contention scaling', scalingCharts(runs), 'No contention workloads in these results.'),
    chartBlock('KPI trends', trendCharts(extras.trends ?? []), 'No run history to draw trends from.'),
  ];
  for (const section of model.sections) {
    parts.push(`<h${section.level}>${escapeXml(section.title)}</h${section.level}>`);
    for (const paragraph of section.paragraphs) parts.push(`<p>${paragraph.map(span).join('')}</p>`);
    if (section.table !== undefined) parts.push(table(section.table));
  }
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}
