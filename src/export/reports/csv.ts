/**
 * `results.csv`: one row per run, raw numbers in base units (ns, ops/s) so spreadsheets
 * and scripts can compute with them. RFC 4180: CRLF line ends, fields quoted when they
 * hold a comma, a quote or a line break, quotes doubled.
 */
import { judgementStateOf } from '../../analysis/judged-runs.ts';
import type { RunResult, SuiteResult } from '../../model/result.ts';
import { sortedResults } from './summary.ts';

const COLUMNS: readonly (readonly [string, (run: RunResult) => unknown])[] = [
  ['workload', (run) => run.workload],
  ['category', (run) => run.category],
  ['tier', (run) => run.tier],
  ['threads', (run) => run.threads],
  ['status', (run) => run.status],
  ['error_reason', (run) => run.error?.reason],
  ['error_message', (run) => run.error?.message],
  ['started_at', (run) => run.startedAt],
  ['ops', (run) => run.ops],
  ['ops_per_second', (run) => run.opsPerSecond],
  ['mean_ns', (run) => run.latencyNs.mean],
  ['p50_ns', (run) => run.latencyNs.p50],
  ['p90_ns', (run) => run.latencyNs.p90],
  ['p99_ns', (run) => run.latencyNs.p99],
  ['p999_ns', (run) => run.latencyNs.p999],
  ['max_ns', (run) => run.latencyNs.max],
  ['cv', (run) => run.cv],
  ['oversubscribed', (run) => run.oversubscribed],
  // Empty where the run predates the field or its node lacks the source (never 0 for "unknown").
  ['robust_cv', (run) => run.robustCv],
  ['outliers_mild', (run) => run.outliers?.mild],
  ['outliers_severe', (run) => run.outliers?.severe],
  ['judgement', (run) => judgementStateOf(run)],
  ['judgement_reason', (run) => run.judgement?.reason],
  ['effective_cpus', (run) => run.effectiveCpus],
  ['other_cpus', (run) => run.interference?.otherCpus],
  ['steal_ratio', (run) => run.interference?.stealRatio],
  ['throttled_ratio', (run) => run.interference?.throttledRatio],
  ['cpu_pressure_ratio', (run) => run.interference?.cpuPressureRatio],
  ['involuntary_switches_per_second', (run) => run.interference?.involuntarySwitchesPerSecond],
  ['slow_cpu_ratio', (run) => run.interference?.slowCpuShare],
  ['suspect_dead_code', (run) => run.suspectDeadCode],
  ['kpi_failures', (run) => run.kpis.filter((kpi) => kpi.pass === false).map((kpi) => kpi.id).join(' ')],
];

export function csvField(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function renderCsv(result: SuiteResult): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const run of sortedResults(result.results)) {
    lines.push(COLUMNS.map(([, read]) => csvField(read(run))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
