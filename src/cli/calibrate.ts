/**
 * `vmsoak calibrate [--passes N] [--out file.yaml]`: runs N passes on this node, and writes
 * a KPI-override YAML (the config's `kpis:` format) for the seed targets this hardware
 * misses. Each override carries, in a comment, the seed's target and the measured median and
 * spread, so accepting the node's level is an explicit, reviewed act: nothing changes until
 * an operator merges the file into the config. The defaults stay the seeds' targets.
 */
import os from 'node:os';
import { Document, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { calibrateKpis, CALIBRATION_MIN_HEADROOM, CALIBRATION_SIGMAS, type KpiCalibration } from '../analysis/kpi-calibration.ts';
import { kpiId } from '../run/kpi.ts';
import { formatKpiValue, formatTarget } from '../export/reports/units.ts';
import type { KpiResult, RunResult, SuiteResult } from '../model/result.ts';
import { atomicWriteFile } from '../store/atomic-write.ts';
import type { LoadedWorkload } from '../workloads/registry.ts';
import { EXIT_INTERRUPTED, EXIT_OK } from './exit-codes.ts';
import { type CommandIo, mergeSuiteResults, type PassOptions, preparePass, runPass } from './once-pass.ts';
import { writeText } from './output.ts';

export interface CalibrateOptions extends PassOptions {
  /** Passes to run; default 5 (the default KPI window). */
  passes?: number;
  /** Where to write the YAML; stdout when absent. */
  out?: string;
}

/** The workload's own target for a KPI at a thread count, ignoring config overrides. */
export function seedTargets(catalog: readonly LoadedWorkload[]): (kpi: KpiResult, run: RunResult) => number | null {
  const targets = new Map<string, number>();
  for (const { workload } of catalog) {
    for (const spec of workload.kpis) {
      targets.set(`${workload.name}.${spec.name}`, spec.target);
      for (const [threads, target] of Object.entries(spec.targetByThreads ?? {})) targets.set(kpiId(workload.name, spec.name, Number(threads)), target);
    }
  }
  return (kpi, run) => targets.get(kpi.id) ?? targets.get(`${run.workload}.${kpi.name}`) ?? null;
}

const show = (calibration: KpiCalibration, value: number | null) => formatKpiValue(value, calibration.unit);

function overrideComment(calibration: KpiCalibration): string {
  const seed = formatTarget({ target: calibration.seedTarget, direction: calibration.direction, unit: calibration.unit });
  return ` ${calibration.id} (${calibration.severity}): seed target ${seed}; measured median ${show(calibration, calibration.median)}, `
    + `spread ±${show(calibration, calibration.spread)} (1.4826·MAD), range ${show(calibration, calibration.min)}–${show(calibration, calibration.max)} `
    + `over ${calibration.judgedRuns} judged of ${calibration.runs} runs`;
}

/** The YAML text: a header, then `kpis:` with one commented override per missed target. */
export function calibrationYaml(calibrations: readonly KpiCalibration[], result: Pick<SuiteResult, 'vmsoak' | 'node' | 'cpus' | 'startedAt'>, passes: number): string {
  const missed = calibrations.filter((calibration) => calibration.outcome === 'missed');
  const unjudged = calibrations.filter((calibration) => calibration.outcome === 'unjudged');
  const document = new Document({ kpis: Object.fromEntries(missed.map((calibration) => [calibration.id, { target: calibration.proposed }])) });
  const header = [
    ` vmsoak calibrate: ${passes} pass${passes === 1 ? '' : 'es'} on ${os.hostname()} (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${result.cpus} CPUs), `
      + `vmsoak ${result.vmsoak}, node ${result.node}, ${result.startedAt}`,
    ` ${missed.length} of ${calibrations.length} KPIs miss the seed's target on this node. Each target below is the median`,
    ` of the judged runs plus ${CALIBRATION_SIGMAS} robust standard deviations the worse way (at least ${CALIBRATION_MIN_HEADROOM * 100} % beyond it).`,
    ' Review, then merge under your config\'s kpis: to accept this node\'s level; the defaults stay the seeds\'.',
  ];
  if (unjudged.length > 0) {
    header.push(` Not calibrated, no judged run (disturbed, oversubscribed or failed): ${unjudged.map((calibration) => calibration.id).join(', ')}`);
  }
  document.commentBefore = header.join('\n');
  const map = document.get('kpis', true) as YAMLMap<Scalar | string, unknown>;
  for (const item of map.items as Pair<Scalar | string, unknown>[]) {
    const key = isScalar(item.key) ? item.key : document.createNode(item.key) as Scalar;
    const calibration = missed.find((entry) => entry.id === key.value) as KpiCalibration;
    key.commentBefore = overrideComment(calibration);
    item.key = key;
  }
  return String(document);
}

export async function calibrate(options: CalibrateOptions, io: CommandIo = process): Promise<number> {
  const prepared = await preparePass(options, io);
  const passes = options.passes ?? prepared.config.kpiWindow.runs;
  const results: SuiteResult[] = [];
  for (let pass = 1; pass <= passes; pass++) {
    io.stderr.write(`pass ${pass}/${passes}\n`);
    const { result, aborted } = await runPass(prepared, io);
    if (result === null || aborted) {
      io.stderr.write('vmsoak: interrupted; nothing written\n');
      return EXIT_INTERRUPTED;
    }
    results.push(result);
  }
  const merged = mergeSuiteResults(results);
  const calibrations = calibrateKpis(merged.results, seedTargets(prepared.catalog));
  const yaml = calibrationYaml(calibrations, merged, passes);
  if (options.out === undefined) await writeText(io.stdout, yaml);
  else {
    await atomicWriteFile(options.out, yaml);
    const missed = calibrations.filter((calibration) => calibration.outcome === 'missed').length;
    await writeText(io.stdout, `wrote ${options.out}: ${missed} override${missed === 1 ? '' : 's'} of ${calibrations.length} KPIs\n`);
  }
  return EXIT_OK;
}
