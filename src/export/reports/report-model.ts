/**
 * The content of the Markdown and HTML reports, once: sections of headings, paragraphs and
 * tables of plain text. markdown.ts and html.ts only turn it into their syntax (and escape
 * it), so both reports always hold the same facts.
 */
import type { ComparisonReport } from '../../analysis/baseline-comparison.ts';
import { fingerprintOf } from '../../analysis/baseline-comparison.ts';
import { describeDifferences } from '../../analysis/fingerprint.ts';
import type { SeriesComparison } from '../../analysis/matrix-comparison.ts';
import type { StatisticChange } from '../../analysis/series-comparison.ts';
import type { ComparedStatistic } from '../../analysis/regression-policy.ts';
import type { RunResult, SuiteResult } from '../../model/result.ts';
import type { KpiTrend, SeriesChangePoints } from '../../model/report-views.ts';
import { judgementStateOf } from '../../analysis/judged-runs.ts';
import type { Interference } from '../../model/interference.ts';
import {
  isCounted, judgementLine, type KpiRow, kpiRows, resultsByCategory, runNotes, sortedResults, verdictLine, verdictOf,
} from './summary.ts';
import { formatCount, formatKpiValue, formatNs, formatPercent, formatTarget, MISSING } from './units.ts';

/** The history views live in the model (analysis builds them); re-exported for the report's readers. */
export type { ChangePointView, KpiTrend, SeriesChangePoints } from '../../model/report-views.ts';

/** Text, or text shown as code (names, ids) or in bold. */
export type Span = string | { text: string; code?: boolean; strong?: boolean; tone?: Tone };

/** How a cell reads at a glance: the HTML report colours it (muted: greyed), Markdown has the marker only. */
export type Tone = 'bad' | 'warn' | 'good' | 'muted';

export interface ReportTable {
  header: readonly string[];
  rows: readonly (readonly Span[])[];
  /** Columns of numbers, aligned right. */
  numeric?: ReadonlySet<number>;
  /** Rows shown greyed (runs that were not judged): the HTML report greys them, Markdown marks their status cell. */
  muted?: ReadonlySet<number>;
}

export interface ReportSection {
  /** 2 for a section, 3 for a sub-section. */
  level: 2 | 3;
  title: string;
  /** Each paragraph is a run of spans. */
  paragraphs: readonly (readonly Span[])[];
  table?: ReportTable;
}

export interface ReportExtras {
  comparison?: ComparisonReport;
  changePoints?: readonly SeriesChangePoints[];
  trends?: readonly KpiTrend[];
}

export interface ReportModel {
  title: string;
  /** Key/value rows of the environment and machine fingerprint. */
  environment: readonly (readonly [string, string])[];
  summary: readonly Span[];
  sections: ReportSection[];
}

const code = (text: string): Span => ({ text, code: true });

const VERDICT_MARK = { PASS: '✔ PASS', FAIL: '✘ FAIL', PENDING: '… PENDING', 'N/A': '– N/A' } as const;

/** Markers from the symbols every system font has (emoji are missing from many headless and server setups). */
export function verdictLabel(comparison: Pick<SeriesComparison, 'verdict' | 'severity'>): string {
  switch (comparison.verdict) {
    case 'regressed': return comparison.severity === 'critical' ? '✘ regressed (critical)' : '⚠ regressed (warning)';
    case 'improved': return '✔ improved';
    case 'unchanged': return '= unchanged';
    case 'noisy': return '≈ noisy';
    default: return '– incomparable';
  }
}

function toneOf(comparison: Pick<SeriesComparison, 'verdict' | 'severity' | 'cause'>): Tone | undefined {
  // The node, not the runtime, changed: shown, but no alert and no failed build.
  if (comparison.cause === 'environment') return 'muted';
  if (comparison.verdict === 'regressed') return comparison.severity === 'critical' ? 'bad' : 'warn';
  return comparison.verdict === 'improved' ? 'good' : undefined;
}

/** "+12.3 %", "−4.1 %"; the sign is the statistic's own change, not better or worse. */
export function formatChange(ratio: number): string {
  if (!Number.isFinite(ratio)) return MISSING;
  const change = (ratio - 1) * 100;
  const text = Math.abs(change) >= 100 ? change.toFixed(0) : change.toFixed(1);
  return `${change > 0 ? '+' : change < 0 ? '−' : '±'}${text.replace('-', '')} %`;
}

export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return MISSING;
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

/** The change, with ⚠ when it is past the tier's threshold the worse way (whether or not it is gated). */
export function changeCell(change: Pick<StatisticChange, 'ratio' | 'severity'>): string {
  return `${formatChange(change.ratio)}${change.severity === null ? '' : ' ⚠'}`;
}

const COMPARED_COLUMNS: readonly (readonly [ComparedStatistic, string])[] = [
  ['mean', 'Δ mean'], ['p50', 'Δ p50'], ['p99', 'Δ p99'], ['max', 'Δ max'], ['opsPerSecond', 'Δ ops/s'],
];

function comparisonSection(report: ComparisonReport): ReportSection {
  const { summary, against } = report;
  const paragraphs: Span[][] = [[
    `${summary.series} series: ${summary.regressed} regressed (${summary.critical} critical), ${summary.improved} improved, `
    + `${summary.unchanged} unchanged, ${summary.noisy} noisy, ${summary.incomparable} incomparable. `
    + `A change counts when the Benjamini–Hochberg adjusted Mann–Whitney p-value is below ${report.alpha} and a gated statistic `
    + 'moved past its tier\'s threshold; Δ is the current value against the baseline\'s, ⚠ marks a change past the '
    + `threshold the worse way. Gated: ${report.gate.join(', ')}.`,
  ]];
  if (report.fingerprintDifferences.length > 0) {
    paragraphs.push([{ text: 'Fingerprint differs: ', strong: true }, describeDifferences(report.fingerprintDifferences)]);
  }
  const rows = [...report.series]
    .sort((a, b) => a.workload.localeCompare(b.workload) || a.threads - b.threads)
    .map((series) => [
      code(series.workload), String(series.threads), { text: verdictLabel(series), tone: toneOf(series) },
      ...COMPARED_COLUMNS.map(([statistic]) => {
        const change = series.changes.find((c) => c.statistic === statistic);
        return change === undefined ? MISSING : changeCell(change);
      }),
      formatPValue(series.adjustedPValue), series.reason ?? '', causeCell(series.cause, series.causeReason),
    ]);
  const title = against.name === 'rolling' ? 'Change against the rolling baseline' : `Change against baseline ${against.name}`;
  return {
    level: 2, title, paragraphs,
    table: {
      header: ['workload', 'threads', 'verdict', ...COMPARED_COLUMNS.map(([, label]) => label), 'p (adjusted)', 'note', 'cause'],
      rows, numeric: new Set([1, 3, 4, 5, 6, 7, 8]),
    },
  };
}

function kpiSection(result: SuiteResult): ReportSection {
  const kpis = kpiRows(result);
  if (kpis.length === 0) return { level: 2, title: 'KPIs', paragraphs: [['No KPIs were evaluated.']] };
  const noted = kpis.some((kpi) => kpi.note !== '');
  const row = (kpi: KpiRow): Span[] => [
    { text: VERDICT_MARK[kpi.verdict], tone: kpi.verdict === 'FAIL' ? 'bad' : undefined }, code(kpi.id), formatKpiValue(kpi.value, kpi.unit), formatTarget(kpi), kpi.severity,
    ...(noted ? [kpi.note] : []),
  ];
  const header = ['result', 'KPI', 'value', 'target', 'severity', ...(noted ? ['note'] : [])];
  return { level: 2, title: 'KPIs', paragraphs: [], table: { header, rows: kpis.map(row), numeric: new Set([2]) } };
}

const PODIUM = 3;

function fastestSlowestSection(result: SuiteResult): ReportSection | null {
  const ok = result.results.filter((run) => run.status === 'ok' && run.ops > 0).sort((a, b) => a.latencyNs.mean - b.latencyNs.mean);
  if (ok.length < 2) return null;
  const count = Math.min(PODIUM, Math.floor(ok.length / 2));
  const row = (label: string) => (run: RunResult): Span[] => [label, code(run.workload), String(run.threads), formatNs(run.latencyNs.mean), formatCount(run.opsPerSecond)];
  return {
    level: 2, title: 'Fastest and slowest', paragraphs: [['By mean latency per operation.']],
    table: {
      header: ['', 'workload', 'threads', 'mean', 'ops/s'],
      rows: [...ok.slice(0, count).map(row('fastest')), ...ok.slice(-count).reverse().map(row('slowest'))],
      numeric: new Set([2, 3, 4]),
    },
  };
}

function changePointSection(series: readonly SeriesChangePoints[]): ReportSection {
  const rows = series.flatMap((entry) => entry.points.map((point): Span[] => [
    code(entry.workload), String(entry.threads), point.at, formatNs(point.before), formatNs(point.after), formatChange(point.after / point.before),
    formatPValue(point.pValue), causeCell(point.cause, point.causeReason),
  ]));
  return {
    level: 2, title: 'Change points',
    paragraphs: [[
      'Over each series\' history of per-run mean latency, judged runs only (E-Divisive with a t-test, as Hunter finds them). '
      + 'The cause is environment when the node\'s interference differed before and after, else runtime.',
    ]],
    ...(rows.length === 0 ? {} : {
      table: { header: ['workload', 'threads', 'from run', 'before', 'after', 'change', 'p', 'cause'], rows, numeric: new Set([1, 3, 4, 5, 6]) },
    }),
    ...(rows.length === 0 ? { paragraphs: [['No change points in the history.']] } : {}),
  };
}

/** "runtime", or "environment (other processes' CPUs 0.1 -> 0.9 ...)", greyed: an environment change raises no alert. */
function causeCell(cause: 'environment' | 'runtime' | undefined, reason: string | undefined): Span {
  if (cause === undefined) return '';
  return cause === 'environment' ? { text: `environment${reason === undefined ? '' : ` (${reason})`}`, tone: 'muted' } : cause;
}

const ratio = (value: number | null) => (value === null ? MISSING : formatPercent(value));
const cpus = (value: number | null | undefined) => (value === null || value === undefined ? MISSING : value.toFixed(2));

/** The interference cells of a run, `n/a` where its node had no such source (and a dash where the run predates them). */
function interferenceCells(interference: Interference | undefined): string[] {
  if (interference === undefined) return [MISSING, MISSING, MISSING, MISSING, MISSING, MISSING];
  const rate = interference.involuntarySwitchesPerSecond;
  return [
    cpus(interference.otherCpus), ratio(interference.stealRatio), ratio(interference.throttledRatio), ratio(interference.cpuPressureRatio),
    rate === null ? MISSING : rate.toFixed(0), ratio(interference.slowCpuShare ?? null),
  ];
}

/** Why a run was judged as it was, on one line; a failed run from before judgements gives its failure. */
function reasonOf(run: RunResult): string {
  if (run.judgement?.reason) return run.judgement.reason;
  return run.status === 'failed' ? `${run.error?.reason ?? 'error'}: ${run.error?.message ?? ''}`.replace(/\s+/g, ' ').trim() : '';
}

/**
 * Every run's judgement and what the node did during it. Runs that were not judged are
 * greyed with their reason: they are kept and shown, but count toward no KPI window,
 * baseline, change point or regression.
 */
function judgementSection(result: SuiteResult): ReportSection | null {
  const runs = sortedResults(result.results);
  if (runs.length === 0) return null;
  const unavailable = [...new Set(runs.flatMap((run) => Object.entries(run.interference?.unavailable ?? {}).map(([source, why]) => `${source}: ${why}`)))];
  return {
    level: 2, title: 'Judgement and interference',
    paragraphs: [
      [`${judgementLine(runs)}. Only judged runs count toward KPI windows, baselines, change points and regressions; the others are greyed, with their reason.`],
      ...(unavailable.length > 0 ? [[`Not measured on this node: ${unavailable.join('; ')}.`]] : []),
    ],
    table: {
      header: ['workload', 'threads', 'judgement', 'effective CPUs', 'other CPUs', 'steal', 'throttled', 'CPU pressure', 'preemptions/s', 'slow CPU', 'reason'],
      rows: runs.map((run) => [
        code(run.workload), String(run.threads), { text: judgementStateOf(run), tone: isCounted(run) ? undefined : 'muted' },
        cpus(run.effectiveCpus ?? run.cpus), ...interferenceCells(run.interference), reasonOf(run),
      ]),
      numeric: new Set([1, 3, 4, 5, 6, 7, 8]),
      muted: new Set(runs.flatMap((run, index) => (isCounted(run) ? [] : [index]))),
    },
  };
}

function meanWithInterval(run: RunResult): string {
  if (run.ci95Ns === null) return formatNs(run.latencyNs.mean);
  return `${formatNs(run.latencyNs.mean)} ± ${formatNs((run.ci95Ns.high - run.ci95Ns.low) / 2)}`;
}

function resultRow(run: RunResult): Span[] {
  const failed = run.status === 'failed';
  const latency = (ns: number) => (failed ? MISSING : formatNs(ns));
  const state = judgementStateOf(run);
  return [
    code(run.workload), String(run.threads), failed ? { text: 'failed', strong: true } : state === 'judged' ? 'ok' : { text: state, tone: 'muted' },
    failed ? MISSING : formatCount(run.ops), failed ? MISSING : formatCount(run.opsPerSecond),
    failed ? MISSING : meanWithInterval(run), latency(run.latencyNs.p50), latency(run.latencyNs.p90), latency(run.latencyNs.p99),
    latency(run.latencyNs.p999), latency(run.latencyNs.max), failed ? MISSING : formatPercent(run.cv),
    // A failed run's message is in the "Failed runs" section; here the reason is enough.
    failed ? (run.error?.reason ?? 'error') : runNotes(run).join(', '),
  ];
}

export function buildReport(result: SuiteResult, extras: ReportExtras = {}): ReportModel {
  const fingerprint = fingerprintOf(result);
  const environment: (readonly [string, string])[] = [
    ['vmsoak', result.vmsoak],
    ['Node.js', `${result.node} (V8 ${result.v8})`],
    ['CPU', `${fingerprint.cpuModel}, ${result.cpus} CPUs`],
    ['config hash', fingerprint.configHash],
    ['timer cost', `${formatNs(result.timerCostNs)} (resolution ${formatNs(result.timerResolutionNs)})`],
    ['seed', String(result.seed)],
    ['started', result.startedAt],
    ['finished', result.finishedAt],
  ];
  const summary: Span[] = [{ text: 'Summary:', strong: true }, ` ${verdictLine(verdictOf(result))}. Runs: ${judgementLine(result.results)}.`];
  const { comparison } = extras;
  if (comparison !== undefined) {
    const { regressed, critical, improved } = comparison.summary;
    summary.push(` Against ${comparison.against.name === 'rolling' ? 'the rolling baseline' : `baseline ${comparison.against.name}`}: `
      + `${regressed} regressed (${critical} critical), ${improved} improved.`);
  }

  const sections: ReportSection[] = [];
  if (comparison !== undefined) sections.push(comparisonSection(comparison));
  sections.push(kpiSection(result));
  const podium = fastestSlowestSection(result);
  if (podium !== null) sections.push(podium);
  if (extras.changePoints !== undefined) sections.push(changePointSection(extras.changePoints));
  const judgements = judgementSection(result);
  if (judgements !== null) sections.push(judgements);

  const failed = sortedResults(result.results).filter((run) => run.status === 'failed');
  if (failed.length > 0) {
    sections.push({
      level: 2, title: 'Failed runs', paragraphs: [],
      table: {
        header: ['workload', 'threads', 'reason', 'message'],
        rows: failed.map((run) => [code(run.workload), String(run.threads), run.error?.reason ?? 'error', run.error?.message ?? '']),
      },
    });
  }
  sections.push({ level: 2, title: 'Results', paragraphs: result.results.length === 0 ? [['No runs were completed.']] : [] });
  for (const [category, runs] of resultsByCategory(result.results)) {
    sections.push({
      level: 3, title: category, paragraphs: [],
      table: {
        header: ['workload', 'threads', 'status', 'ops', 'ops/s', 'mean ± 95 % CI', 'p50', 'p90', 'p99', 'p99.9', 'max', 'CV', 'notes'],
        rows: runs.map(resultRow),
        numeric: new Set([1, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
        muted: new Set(runs.flatMap((run, index) => (run.status === 'ok' && !isCounted(run) ? [index] : []))),
      },
    });
  }
  return { title: 'vmsoak report', environment, summary, sections };
}
