/**
 * `--fail-on critical|warning|never`: which findings turn the exit code to 1, and the lines
 * that say which ones did. `critical` (the default) fails on a failed run, a KPI of severity
 * critical breached over its window, or a regression of severity critical with a runtime
 * cause; `warning` also on warning-level breaches and regressions; `never` on nothing. A
 * pending KPI (too few judged runs) and a regression the node's interference explains never
 * fail a job: they are reported, not gated on.
 */
import type { ComparisonReport } from '../analysis/baseline-comparison.ts';
import type { KpiWindowVerdict } from '../model/kpi-window.ts';
import type { RunResult } from '../model/result.ts';
import { formatKpiValue, formatTarget } from '../export/reports/units.ts';
import { oneLine } from './errors.ts';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.ts';

export const FAIL_ON_LEVELS = ['critical', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

export interface Findings {
  runs?: readonly RunResult[];
  kpis?: readonly KpiWindowVerdict[];
  comparison?: ComparisonReport;
}

export interface ExitVerdict {
  code: number;
  /** One line per finding that failed the exit code. */
  failing: string[];
  /** Findings below the --fail-on level, or not gated on (pending, environment-caused). */
  notFailing: string[];
}

const meets = (severity: 'warning' | 'critical', failOn: FailOn) => failOn === 'warning' || (failOn === 'critical' && severity === 'critical');

const percent = (fraction: number) => `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)} %`;

function kpiLine(kpi: KpiWindowVerdict): string {
  const over = kpi.needed === 1 && kpi.judgedRuns === 1 ? 'one judged run' : `median of ${kpi.judgedRuns} judged runs`;
  return `KPI ${kpi.id} (${kpi.severity}) breached: ${formatKpiValue(kpi.value, kpi.unit)} (${over}), target ${formatTarget(kpi)}`;
}

export function exitVerdict(findings: Findings, failOn: FailOn): ExitVerdict {
  const failing: string[] = [];
  const notFailing: string[] = [];
  const file = (fails: boolean, line: string) => (fails ? failing : notFailing).push(line);
  for (const run of findings.runs ?? []) {
    if (run.status !== 'failed') continue;
    const why = run.error === undefined ? 'error' : `${run.error.reason}${run.error.message ? `: ${oneLine(run.error.message)}` : ''}`;
    file(failOn !== 'never', `run ${run.workload}@${run.threads} failed (${why})`);
  }
  for (const kpi of findings.kpis ?? []) {
    if (kpi.state === 'breached') file(meets(kpi.severity, failOn), kpiLine(kpi));
  }
  for (const series of findings.comparison?.series ?? []) {
    if (series.verdict !== 'regressed' || series.severity === null) continue;
    const worst = series.changes.filter((change) => change.gated && change.severity !== null)
      .sort((a, b) => b.worsening - a.worsening)[0];
    const change = worst === undefined ? '' : ` ${worst.statistic} ${percent(worst.worsening)} worse`;
    const environment = series.cause === 'environment';
    const cause = series.cause === undefined ? '' : `, cause ${series.cause}${environment ? `: ${series.causeReason}` : ''}`;
    file(!environment && meets(series.severity, failOn),
      `regression ${series.workload}@${series.threads} (${series.severity}${cause}):${change}, adjusted p ${series.adjustedPValue.toPrecision(2)}`);
  }
  return { code: failing.length > 0 ? EXIT_FAILED : EXIT_OK, failing, notFailing };
}

/** What goes to stderr after the report: why the exit code is 1, and what was found but did not fail it. */
export function describeExit(verdict: ExitVerdict, failOn: FailOn): string {
  const lines: string[] = [];
  if (verdict.failing.length > 0) {
    lines.push(`vmsoak: exit ${verdict.code} (--fail-on ${failOn}) because of ${verdict.failing.length} finding${verdict.failing.length === 1 ? '' : 's'}:`);
    lines.push(...verdict.failing.map((line) => `  ${line}`));
  }
  if (verdict.notFailing.length > 0) {
    lines.push(`vmsoak: not failing (--fail-on ${failOn}): ${verdict.notFailing.length} finding${verdict.notFailing.length === 1 ? '' : 's'}:`);
    lines.push(...verdict.notFailing.map((line) => `  ${line}`));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
