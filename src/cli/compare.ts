/**
 * `vmsoak compare --baseline main [--current results.json]`: the decision rule applied to
 * a results file, or without --current to the latest run of every workload × threads in
 * the daemon's results log. Exit 1 on a fail-level (critical) regression or a KPI breach.
 */
import { compareWithBaseline, fingerprintOf, type ComparisonReport, suiteOfRuns } from '../analysis/baseline-comparison.ts';
import { configHash, machineFingerprint } from '../analysis/fingerprint.ts';
import { hasFailLevelRegression } from '../analysis/matrix-comparison.ts';
import { loadConfig } from '../config/load.ts';
import { UsageError } from '../errors.ts';
import { renderComparisonTable } from '../export/reports/comparison-table.ts';
import { renderMarkdown } from '../export/reports/markdown.ts';
import { environment } from '../run/environment.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';
import { loadBaseline } from '../store/baselines.ts';
import { resultsLogPath, scanResultsLog } from '../store/results-log.ts';
import { loadCatalog } from '../workloads/registry.ts';
import { checkFingerprint } from './baseline-gate.ts';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.ts';
import type { CommandIo } from './once-pass.ts';
import { writeText } from './output.ts';
import { readSuiteFile } from './suite-file.ts';

export interface CompareOptions {
  baseline: string;
  current?: string;
  config?: string;
  workloadModule?: string[];
  allowFingerprintMismatch?: boolean;
  format: 'table' | 'markdown' | 'json';
}

/** The latest run of each series in the results log, fingerprinted with this machine and the config's settings. */
async function currentFromLog(options: CompareOptions, io: CommandIo): Promise<SuiteResult> {
  const config = loadConfig({ file: options.config, env: io.env, flags: { workloadModules: options.workloadModule } });
  const latest = new Map<string, RunResult>();
  const file = resultsLogPath(config.dataDir);
  const { count } = await scanResultsLog(file, (run) => latest.set(`${run.workload}@${run.threads}`, run));
  if (count === 0) throw new UsageError(`--current: no results in ${file}; give a results.json with --current`);
  const catalog = await loadCatalog(config.workloadModules);
  const measured = new Set([...latest.values()].map((run) => run.workload));
  const hash = configHash(config, config.suites, catalog.map((entry) => entry.workload).filter((workload) => measured.has(workload.name)));
  return suiteOfRuns([...latest.values()], environment(), machineFingerprint(hash));
}

/** 1 when a regression is critical or a KPI of the current results is breached. */
export function comparisonExitCode(current: SuiteResult, comparison: ComparisonReport): number {
  const breached = current.results.some((run) => run.kpis.some((kpi) => kpi.pass === false));
  return breached || hasFailLevelRegression(comparison.series) ? EXIT_FAILED : EXIT_OK;
}

export async function compare(options: CompareOptions, io: CommandIo = process): Promise<number> {
  const config = loadConfig({ file: options.config, env: io.env, flags: { workloadModules: options.workloadModule } });
  const baseline = await loadBaseline(config.dataDir, options.baseline);
  const current = options.current !== undefined ? await readSuiteFile(options.current, '--current') : await currentFromLog(options, io);
  checkFingerprint(baseline.name, baseline.fingerprint, fingerprintOf(current), options.allowFingerprintMismatch === true, io.stderr);
  const comparison = compareWithBaseline(baseline, current, config.baseline);
  const text = options.format === 'json' ? `${JSON.stringify(comparison, null, 2)}\n`
    : options.format === 'markdown' ? renderMarkdown(current, { comparison })
      : renderComparisonTable(comparison, { color: io.stdout.isTTY === true && io.stdout.hasColors?.() === true });
  await writeText(io.stdout, text);
  return comparisonExitCode(current, comparison);
}
