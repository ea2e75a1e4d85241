/**
 * `vmsoak once`: one pass of every suite (or of one ad-hoc suite with --workload), or N
 * passes with --repeat, a report on stdout, optional report files, and an exit code a CI
 * job can gate on (--fail-on); with --baseline, the passes are compared with a saved
 * baseline by the regression decision rule. KPI verdicts are judged over the passes: the
 * median of the judged runs, pending when most passes were disturbed.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { compareWithBaseline, type ComparisonReport } from '../analysis/baseline-comparison.ts';
import { kpiTrends } from '../analysis/history-trends.ts';
import { kpiVerdictsOverPasses } from '../analysis/kpi-window.ts';
import type { Config } from '../config/types.ts';
import { UsageError } from '../errors.ts';
import { renderComparisonTable } from '../export/reports/comparison-table.ts';
import { renderCsv } from '../export/reports/csv.ts';
import { renderHtml } from '../export/reports/html.ts';
import { renderJson } from '../export/reports/json.ts';
import { renderMarkdown } from '../export/reports/markdown.ts';
import type { ReportExtras } from '../export/reports/report-model.ts';
import { renderTable } from '../export/reports/table.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';
import { atomicWriteFile } from '../store/atomic-write.ts';
import { loadBaseline } from '../store/baselines.ts';
import { intervalLines, intervalLogHeader } from '../store/hdr-interval-log.ts';
import { resultsLogPath, scanResultsLog } from '../store/results-log.ts';
import { checkFingerprint } from './baseline-gate.ts';
import { EXIT_INTERRUPTED } from './exit-codes.ts';
import { describeExit, exitVerdict, type FailOn } from './fail-on.ts';
import { type CommandIo, mergeSuiteResults, type PassOptions, preparePass, runPass } from './once-pass.ts';
import type { ReportFormat } from './options.ts';
import { writeText } from './output.ts';

export { mergeSuiteResults };

export interface OnceOptions extends PassOptions {
  out?: string;
  format: ReportFormat;
  /** Name of a saved baseline to compare the pass with. */
  baseline?: string;
  allowFingerprintMismatch?: boolean;
  /** Passes to run; KPIs are judged over all of them. Default 1. */
  repeat?: number;
  /** Which findings fail the exit code; default critical. */
  failOn?: FailOn;
}

export function renderReport(result: SuiteResult, format: ReportFormat, color = false, comparison?: ComparisonReport): string {
  switch (format) {
    case 'json': return renderJson(result);
    case 'csv': return renderCsv(result);
    case 'markdown': return renderMarkdown(result, { comparison });
    default: {
      const table = renderTable(result, { color });
      return comparison === undefined ? table : `${table}\n${renderComparisonTable(comparison, { color })}`;
    }
  }
}

/**
 * The result with each KPI's verdict over its passes (see kpiVerdictsOverPasses), which the
 * reports show and the exit code gates on.
 */
export function withKpiVerdicts(result: SuiteResult): SuiteResult {
  return { ...result, kpiWindow: kpiVerdictsOverPasses(result.results) };
}

/** Before the pass, so a bad --out fails in a second rather than after a long run. */
async function prepareOutDirectory(directory: string): Promise<void> {
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${directory}: cannot create the directory: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** How many runs per series of the daemon's results log the HTML trend charts go back. */
const TREND_RUNS = 200;

/** The runs of the results log in dataDir (the daemon's history, if it ran here) followed by this pass's. */
async function historyWith(config: Config, result: SuiteResult): Promise<RunResult[]> {
  const bySeries = new Map<string, RunResult[]>();
  try {
    await scanResultsLog(resultsLogPath(config.dataDir), (run) => {
      const key = `${run.workload}@${run.threads}`;
      const runs = bySeries.get(key) ?? [];
      runs.push({ ...run, histogram: null, correctedHistogram: null });
      if (runs.length > TREND_RUNS) runs.shift();
      bySeries.set(key, runs);
    });
  } catch {
    // A damaged log must not cost the report; the trends then start with this pass.
  }
  return [...[...bySeries.values()].flat(), ...result.results];
}

async function writeReportFiles(directory: string, result: SuiteResult, config: Config, extras: ReportExtras): Promise<void> {
  const trends = kpiTrends(await historyWith(config, result), config.history.changePoints, config.judgement);
  await atomicWriteFile(path.join(directory, 'results.json'), renderJson(result));
  await atomicWriteFile(path.join(directory, 'results.csv'), renderCsv(result));
  await atomicWriteFile(path.join(directory, 'report.md'), renderMarkdown(result, extras));
  await atomicWriteFile(path.join(directory, 'report.html'), renderHtml(result, { ...extras, trends }));
  const started = new Date(result.startedAt);
  await atomicWriteFile(path.join(directory, 'histograms.hlog'), intervalLogHeader(started) + result.results.map((run) => intervalLines(run)).join(''));
  if (extras.comparison !== undefined) await atomicWriteFile(path.join(directory, 'comparison.json'), `${JSON.stringify(extras.comparison, null, 2)}\n`);
}

export async function once(options: OnceOptions, io: CommandIo = process): Promise<number> {
  const prepared = await preparePass(options, io);
  const baseline = options.baseline === undefined ? null : await loadBaseline(prepared.config.dataDir, options.baseline);
  if (baseline !== null) {
    checkFingerprint(baseline.name, baseline.fingerprint, prepared.fingerprint, options.allowFingerprintMismatch === true, io.stderr);
  }
  if (options.out !== undefined) await prepareOutDirectory(options.out);

  const passes: SuiteResult[] = [];
  const repeat = options.repeat ?? 1;
  let aborted = false;
  for (let pass = 1; pass <= repeat && !aborted; pass++) {
    if (repeat > 1) io.stderr.write(`pass ${pass}/${repeat}\n`);
    const outcome = await runPass(prepared, io);
    if (outcome.result !== null) passes.push(outcome.result);
    aborted = outcome.aborted;
  }
  if (passes.length === 0) return EXIT_INTERRUPTED;
  const result = withKpiVerdicts(mergeSuiteResults(passes));
  const comparison = baseline === null ? undefined : compareWithBaseline(baseline, result, prepared.config.baseline, prepared.config.judgement);
  const color = options.format === 'table' && io.stdout.isTTY === true && io.stdout.hasColors?.() === true;
  await writeText(io.stdout, renderReport(result, options.format, color, comparison));
  if (options.out !== undefined) {
    await writeReportFiles(options.out, result, prepared.config, { comparison });
    io.stderr.write(`report: ${path.resolve(options.out, 'report.html')}\n`);
  }
  if (aborted) return EXIT_INTERRUPTED;
  const failOn = options.failOn ?? 'critical';
  const verdict = exitVerdict({ runs: result.results, kpis: result.kpiWindow, comparison }, failOn);
  io.stderr.write(describeExit(verdict, failOn));
  return verdict.code;
}
