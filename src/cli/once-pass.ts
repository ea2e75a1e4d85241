/**
 * One pass over the suites for the commands that measure on the spot (`once`, and
 * `baseline save` without --from): load the config and the catalog, apply the flags, run,
 * report progress on stderr, and stamp the result with the machine fingerprint.
 */
import { configHash, type Fingerprint, machineFingerprint } from '../analysis/fingerprint.ts';
import { checkAgainstCatalog } from '../config/catalog-check.ts';
import { loadConfig } from '../config/load.ts';
import { suitesForOnce, type SuiteOverrides } from '../config/overrides.ts';
import type { Config, SuiteConfig } from '../config/types.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';
import { planRuns } from '../run/plan.ts';
import { createRunnerSuite } from '../run/runner/runner-suite.ts';
import { loadCatalog, selectWorkloads, type LoadedWorkload } from '../workloads/registry.ts';
import { oneLine } from './errors.ts';
import { EXIT_INTERRUPTED } from './exit-codes.ts';
import { PassProgress } from './progress.ts';

export interface PassOptions extends SuiteOverrides {
  config?: string;
  workloadModule?: string[];
  runTimeout?: string;
  dataDir?: string;
}

export interface CommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

export interface PreparedPass {
  config: Config;
  suites: SuiteConfig[];
  catalog: LoadedWorkload[];
  /** Known before measuring, so a baseline mismatch is refused in a second, not after the pass. */
  fingerprint: Fingerprint;
}

export async function preparePass(options: PassOptions, io: CommandIo): Promise<PreparedPass> {
  const config: Config = loadConfig({
    file: options.config, env: io.env,
    flags: { workloadModules: options.workloadModule, runTimeout: options.runTimeout, dataDir: options.dataDir },
  });
  const suites = suitesForOnce(config, options);
  const catalog = await loadCatalog(config.workloadModules);
  const adHoc = options.workloads !== undefined && options.workloads.length > 0;
  const { skipped } = checkAgainstCatalog(config, catalog, suites, (index, field) => {
    if (field === 'threads' && options.threads !== undefined) return '--threads';
    if (field === 'workloads' && adHoc) return '--workload';
    return `config: suites[${index}].${field}`;
  });
  for (const note of skipped.flat()) io.stderr.write(`note: skipped: ${note}\n`);
  const selected = new Map(suites.flatMap((suite) => selectWorkloads(catalog, suite.workloads)).map((entry) => [entry.workload.name, entry.workload]));
  return { config, suites, catalog, fingerprint: machineFingerprint(configHash(config, suites, [...selected.values()])) };
}

/** One report for several suites: their runs together, the environment and seed of the first. */
export function mergeSuiteResults(results: readonly SuiteResult[]): SuiteResult {
  const [first] = results;
  return {
    ...first,
    finishedAt: results[results.length - 1].finishedAt,
    results: results.flatMap((result) => result.results),
  };
}

function runLabel(workload: string, threads: number): string {
  return `${workload} threads=${threads}`;
}

/** Every run of the pass with its planned time (warm-up plus duration), for the ETA. */
function plannedRunMs(prepared: PreparedPass): number[] {
  return prepared.suites.flatMap((suite) => {
    const runs = planRuns(selectWorkloads(prepared.catalog, suite.workloads), suite.threads, 0).length;
    return Array.from({ length: runs }, () => suite.warmup + suite.duration);
  });
}

/**
 * Runs every suite once; Ctrl-C stops the run in flight (twice: exits). `result` is null when
 * interrupted before any suite finished.
 */
export async function runPass(prepared: PreparedPass, io: CommandIo): Promise<{ result: SuiteResult | null; aborted: boolean }> {
  const { config, suites, catalog } = prepared;
  const progress = new PassProgress(io.stderr, {
    plannedMs: plannedRunMs(prepared), tty: io.stderr.isTTY === true, perSuiteCounts: suites.length > 1,
  });
  const abort = new AbortController();
  const interrupt = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED);
    progress.note('vmsoak: interrupted; stopping the current run (Ctrl-C again to quit at once)');
    abort.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const results: SuiteResult[] = [];
  // The same runner process as the daemon's (README, design notes: `once` and the runner).
  const runSuite = createRunnerSuite({ reuseAcrossPasses: false });
  try {
    for (const suite of suites) {
      if (abort.signal.aborted) break;
      const label = suites.length > 1 ? `${suite.name} ` : '';
      let current = '';
      results.push(await runSuite(config, suite, catalog, {
        signal: abort.signal,
        onProgress: (p) => {
          current = `[${label}${p.index + 1}/${p.total}]`;
          progress.runStarted(current, runLabel(p.workload, p.threads));
        },
        onResult: (run: RunResult) => {
          if (run.status !== 'failed') return;
          const reason = run.error ? `${run.error.reason}${run.error.message ? ` (${oneLine(run.error.message)})` : ''}` : 'error';
          progress.note(`${current} ${runLabel(run.workload, run.threads)} failed: ${reason}`);
        },
      }));
    }
  } finally {
    progress.finish();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  if (results.length === 0) return { result: null, aborted: true };
  return { result: { ...mergeSuiteResults(results), fingerprint: prepared.fingerprint }, aborted: abort.signal.aborted };
}
