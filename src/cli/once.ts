/**
 * `vmsoak once`: one pass of every suite (or of one ad-hoc suite with --workload), a
 * report on stdout, optional report files, and an exit code a CI job can gate on; with
 * --baseline, the pass is compared with a saved baseline by the regression decision rule.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { compareWithBaseline, type ComparisonReport } from '../analysis/baseline-comparison.ts';
import { kpiTrends } from '../analysis/history-trends.ts';
import { hasFailLevelRegression } from '../analysis/matrix-comparison.ts';
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
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from './exit-codes.ts';
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

/** 1 when any run failed or any KPI was breached; a KPI that could not be computed belongs to a failed run. */
export function exitCodeFor(result: SuiteResult): number {
  const failing = result.results.some((run) => run.status === 'failed' || run.kpis.some((kpi) => kpi.pass === false));
  return failing ? EXIT_FAILED : EXIT_OK;
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
  const trends = kpiTrends(await historyWith(config, result), config.history.changePoints);
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

  const { result, aborted } = await runPass(prepared, io);
  if (result === null) return EXIT_INTERRUPTED;
  const comparison = baseline === null ? undefined : compareWithBaseline(baseline, result, prepared.config.baseline);
  const color = options.format === 'table' && io.stdout.isTTY === true && io.stdout.hasColors?.() === true;
  await writeText(io.stdout, renderReport(result, options.format, color, comparison));
  if (options.out !== undefined) await writeReportFiles(options.out, result, prepared.config, { comparison });
  if (aborted) return EXIT_INTERRUPTED;
  if (comparison !== undefined && hasFailLevelRegression(comparison.series)) return EXIT_FAILED;
  return exitCodeFor(result);
}
