/**
 * `vmsoak once`: one pass of every suite (or of one ad-hoc suite with --workload), a
 * report on stdout, optional report files, and an exit code a CI job can gate on.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { checkAgainstCatalog } from '../config/catalog-check.ts';
import { loadConfig } from '../config/load.ts';
import { suitesForOnce, type SuiteOverrides } from '../config/overrides.ts';
import type { Config } from '../config/types.ts';
import { UsageError } from '../errors.ts';
import { renderCsv } from '../export/reports/csv.ts';
import { renderJson } from '../export/reports/json.ts';
import { renderMarkdown } from '../export/reports/markdown.ts';
import { renderTable } from '../export/reports/table.ts';
import type { RunResult, SuiteResult } from '../run/result.ts';
import { runSuite } from '../run/suite.ts';
import { atomicWriteFile } from '../store/atomic-write.ts';
import { loadCatalog } from '../workloads/registry.ts';
import { oneLine } from './errors.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from './exit-codes.ts';
import type { ReportFormat } from './options.ts';
import { writeText } from './output.ts';

export interface OnceOptions extends SuiteOverrides {
  config?: string;
  workloadModule?: string[];
  runTimeout?: string;
  out?: string;
  format: ReportFormat;
}

export function renderReport(result: SuiteResult, format: ReportFormat, color = false): string {
  switch (format) {
    case 'json': return renderJson(result);
    case 'csv': return renderCsv(result);
    case 'markdown': return renderMarkdown(result);
    default: return renderTable(result, { color });
  }
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

async function writeReportFiles(directory: string, result: SuiteResult): Promise<void> {
  await atomicWriteFile(path.join(directory, 'results.json'), renderJson(result));
  await atomicWriteFile(path.join(directory, 'results.csv'), renderCsv(result));
  await atomicWriteFile(path.join(directory, 'report.md'), renderMarkdown(result));
}

function progressLine(prefix: string, workload: string, threads: number): string {
  return `${prefix} ${workload} threads=${threads}`;
}

export async function once(
  options: OnceOptions, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv } = process,
): Promise<number> {
  const config: Config = loadConfig({
    file: options.config, env: io.env, flags: { workloadModules: options.workloadModule, runTimeout: options.runTimeout },
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
  if (options.out !== undefined) await prepareOutDirectory(options.out);

  const abort = new AbortController();
  const interrupt = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED);
    io.stderr.write('vmsoak: interrupted; stopping the current run (Ctrl-C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const results: SuiteResult[] = [];
  try {
    for (const suite of suites) {
      if (abort.signal.aborted) break;
      const label = suites.length > 1 ? `${suite.name} ` : '';
      let current = '';
      results.push(await runSuite(config, suite, catalog, {
        signal: abort.signal,
        onProgress: (p) => {
          current = `[${label}${p.index + 1}/${p.total}]`;
          io.stderr.write(`${progressLine(current, p.workload, p.threads)}\n`);
        },
        onResult: (run: RunResult) => {
          if (run.status !== 'failed') return;
          const reason = run.error ? `${run.error.reason}${run.error.message ? ` (${oneLine(run.error.message)})` : ''}` : 'error';
          io.stderr.write(`${progressLine(current, run.workload, run.threads)} failed: ${reason}\n`);
        },
      }));
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }

  if (results.length === 0) return EXIT_INTERRUPTED;
  const result = mergeSuiteResults(results);
  const color = options.format === 'table' && io.stdout.isTTY === true && io.stdout.hasColors?.() === true;
  await writeText(io.stdout, renderReport(result, options.format, color));
  if (options.out !== undefined) await writeReportFiles(options.out, result);
  if (abort.signal.aborted) return EXIT_INTERRUPTED;
  return exitCodeFor(result);
}
