/**
 * `vmsoak compare --baseline main [--current results.json]`: the decision rule applied to
 * a results file, or without --current to the latest run of every workload × threads in
 * the daemon's results log. Exit 1 on what --fail-on names (default: a critical regression,
 * a critical KPI breached over the current results' passes, a failed run), with the reasons
 * on stderr.
 */
import { compareWithBaseline, fingerprintOf, suiteOfRuns } from '../analysis/baseline-comparison.ts';
import { configHash, machineFingerprint } from '../analysis/fingerprint.ts';
import { isJudged } from '../analysis/judged-runs.ts';
import { kpiVerdictsOverPasses, kpiWindowVerdicts } from '../analysis/kpi-window.ts';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/types.ts';
import { UsageError } from '../errors.ts';
import { renderComparisonTable } from '../export/reports/comparison-table.ts';
import { renderMarkdown } from '../export/reports/markdown.ts';
import { environment } from '../run/environment.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';
import { loadBaseline } from '../store/baselines.ts';
import { resultsLogPath, scanResultsLog } from '../store/results-log.ts';
import { loadCatalog } from '../workloads/registry.ts';
import { checkFingerprint } from './baseline-gate.ts';
import { describeExit, exitVerdict, type FailOn } from './fail-on.ts';
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
  /** Overrides the config's dataDir, where the baselines and the results log are. */
  dataDir?: string;
  /** Which findings fail the exit code; default critical. */
  failOn?: FailOn;
}

/**
 * The current window of each series in the results log: its last `kpiWindow.runs` judged
 * runs, plus its latest run when that one was not judged (shown, not counted);
 * fingerprinted with this machine and the config's settings.
 */
async function currentFromLog(config: Config): Promise<SuiteResult> {
  const windows = new Map<string, { judged: RunResult[]; latest: RunResult }>();
  const file = resultsLogPath(config.dataDir);
  const { count } = await scanResultsLog(file, (run) => {
    const key = `${run.workload}@${run.threads}`;
    const window = windows.get(key) ?? { judged: [], latest: run };
    window.latest = run;
    if (isJudged(run)) window.judged.push(run);
    if (window.judged.length > config.kpiWindow.runs) window.judged.shift();
    windows.set(key, window);
  });
  if (count === 0) throw new UsageError(`--current: no results in ${file}; give a results.json with --current`);
  const runs = [...windows.values()].flatMap(({ judged, latest }) => (judged.includes(latest) ? judged : [...judged, latest]));
  const catalog = await loadCatalog(config.workloadModules);
  const measured = new Set(runs.map((run) => run.workload));
  const hash = configHash(config, config.suites, catalog.map((entry) => entry.workload).filter((workload) => measured.has(workload.name)));
  return suiteOfRuns(runs, environment(), machineFingerprint(hash));
}

export async function compare(options: CompareOptions, io: CommandIo = process): Promise<number> {
  const config = loadConfig({ file: options.config, env: io.env, flags: { workloadModules: options.workloadModule, dataDir: options.dataDir } });
  const baseline = await loadBaseline(config.dataDir, options.baseline);
  const fromLog = options.current === undefined;
  const read = fromLog ? await currentFromLog(config) : await readSuiteFile(options.current as string, '--current');
  // A results file is a set of passes; the log is the daemon's history, judged over its window.
  const kpiWindow = fromLog ? kpiWindowVerdicts(read.results, config.kpiWindow) : kpiVerdictsOverPasses(read.results);
  const current: SuiteResult = { ...read, kpiWindow };
  checkFingerprint(baseline.name, baseline.fingerprint, fingerprintOf(current), options.allowFingerprintMismatch === true, io.stderr);
  const comparison = compareWithBaseline(baseline, current, config.baseline, config.judgement);
  const text = options.format === 'json' ? `${JSON.stringify(comparison, null, 2)}\n`
    : options.format === 'markdown' ? renderMarkdown(current, { comparison })
      : renderComparisonTable(comparison, { color: io.stdout.isTTY === true && io.stdout.hasColors?.() === true });
  await writeText(io.stdout, text);
  const failOn = options.failOn ?? 'critical';
  const verdict = exitVerdict({ runs: current.results, kpis: current.kpiWindow, comparison }, failOn);
  io.stderr.write(describeExit(verdict, failOn));
  return verdict.code;
}
