/**
 * `vmsoak baseline save` and `vmsoak baseline list`. Saving takes a results.json (--from)
 * or, without it, runs one pass exactly as `once` would (same flags) and saves that.
 */
import { fingerprintOf } from '../analysis/baseline-comparison.ts';
import { loadConfig } from '../config/load.ts';
import { UsageError } from '../errors.ts';
import { alignColumns } from '../export/reports/text-table.ts';
import { type Baseline, BASELINE_FORMAT, listBaselines, saveBaseline, validateBaselineName } from '../store/baselines.ts';
import { EXIT_INTERRUPTED, EXIT_OK } from './exit-codes.ts';
import { type CommandIo, type PassOptions, preparePass, runPass } from './once-pass.ts';
import { writeText } from './output.ts';
import { readSuiteFile } from './suite-file.ts';

export interface BaselineSaveOptions extends PassOptions {
  name: string;
  from?: string;
}

export async function baselineSave(options: BaselineSaveOptions, io: CommandIo = process): Promise<number> {
  const name = validateBaselineName(options.name);
  let baseline: Baseline;
  let dataDir: string;
  if (options.from !== undefined) {
    const result = await readSuiteFile(options.from, '--from');
    dataDir = loadConfig({ file: options.config, env: io.env, flags: { dataDir: options.dataDir } }).dataDir;
    baseline = { format: BASELINE_FORMAT, name, createdAt: new Date().toISOString(), source: options.from, fingerprint: fingerprintOf(result), results: result.results };
  } else {
    const prepared = await preparePass(options, io);
    dataDir = prepared.config.dataDir;
    const { result, aborted } = await runPass(prepared, io);
    if (result === null || aborted) {
      io.stderr.write('vmsoak: interrupted; no baseline saved\n');
      return EXIT_INTERRUPTED;
    }
    baseline = { format: BASELINE_FORMAT, name, createdAt: new Date().toISOString(), source: 'once', fingerprint: prepared.fingerprint, results: result.results };
  }
  const ok = baseline.results.filter((run) => run.status === 'ok').length;
  if (ok === 0) throw new UsageError(`${options.from ?? 'the pass'}: no successful run to save as baseline ${name}`);
  const file = await saveBaseline(dataDir, baseline);
  const failed = baseline.results.length - ok;
  await writeText(io.stdout, `saved baseline ${name}: ${baseline.results.length} series${failed > 0 ? ` (${failed} failed, kept as incomparable)` : ''} -> ${file}\n`);
  return EXIT_OK;
}

export interface BaselineListOptions {
  config?: string;
  dataDir?: string;
  format: 'table' | 'json';
}

export async function baselineList(options: BaselineListOptions, io: CommandIo = process): Promise<number> {
  const { dataDir } = loadConfig({ file: options.config, env: io.env, flags: { dataDir: options.dataDir } });
  const baselines = await listBaselines(dataDir);
  if (options.format === 'json') {
    await writeText(io.stdout, `${JSON.stringify(baselines, null, 2)}\n`);
    return EXIT_OK;
  }
  if (baselines.length === 0) {
    await writeText(io.stdout, `no baselines in ${dataDir}/baselines (save one with "vmsoak baseline save --name main")\n`);
    return EXIT_OK;
  }
  const rows = baselines.map((b) => [
    b.name, b.createdAt, String(b.series), b.fingerprint.vmsoak, b.fingerprint.node, `${b.fingerprint.cpuModel} x${b.fingerprint.cpus}`,
    b.fingerprint.configHash, b.source,
  ]);
  const lines = alignColumns(['NAME', 'CREATED', 'SERIES', 'VMSOAK', 'NODE', 'CPU', 'CONFIG HASH', 'SOURCE'], rows, ['left', 'left', 'right']);
  await writeText(io.stdout, `${lines.join('\n')}\n`);
  return EXIT_OK;
}
