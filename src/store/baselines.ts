/**
 * Saved baselines: `<dataDir>/baselines/<name>.json`, one file per name, written atomically
 * (a crash leaves the old baseline or the new one, never half of each). A baseline keeps,
 * for each workload × threads, the whole run result: the run-level samples the regression
 * test needs, the quantiles, the HDR histogram, plus the fingerprint of the machine.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Fingerprint } from '../analysis/fingerprint.ts';
import { UsageError } from '../errors.ts';
import type { RunResult } from '../model/result.ts';
import { atomicWriteFile } from './atomic-write.ts';
import { listDirectory } from './list-directory.ts';

export const BASELINE_FORMAT = 'vmsoak-baseline/1';
export const BASELINES_DIRECTORY = 'baselines';

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  name: string;
  /** ISO-8601 time of saving. */
  createdAt: string;
  /** Where the results came from: a results.json path, or "once" for a pass run to save it. */
  source: string;
  fingerprint: Fingerprint;
  results: RunResult[];
}

export interface BaselineInfo {
  name: string;
  createdAt: string;
  source: string;
  fingerprint: Fingerprint;
  series: number;
  file: string;
}

/**
 * Names become file names: letters, digits, ".", "_" and "-", starting with a letter or
 * digit, at most 64 characters; so no "/", no "..", no hidden files.
 */
const BASELINE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateBaselineName(name: string, flag = '--name'): string {
  if (!BASELINE_NAME.test(name) || name.includes('..')) {
    throw new UsageError(`${flag}: baseline name ${JSON.stringify(name)} must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  return name;
}

export function baselinePath(dataDir: string, name: string, flag?: string): string {
  return path.join(dataDir, BASELINES_DIRECTORY, `${validateBaselineName(name, flag)}.json`);
}

export async function saveBaseline(dataDir: string, baseline: Baseline): Promise<string> {
  const file = baselinePath(dataDir, baseline.name);
  await mkdir(path.dirname(file), { recursive: true });
  await atomicWriteFile(file, `${JSON.stringify(baseline)}\n`);
  return file;
}

function isBaseline(value: unknown): value is Baseline {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Baseline>;
  return candidate.format === BASELINE_FORMAT && typeof candidate.name === 'string' && Array.isArray(candidate.results)
    && typeof candidate.fingerprint === 'object' && candidate.fingerprint !== null;
}

async function readBaselineFile(file: string, label: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${label}: no such baseline (${file})`);
    throw new UsageError(`${label}: cannot read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${label}: ${file} is not valid JSON`);
  }
  if (!isBaseline(value)) throw new UsageError(`${label}: ${file} is not a vmsoak baseline (format ${BASELINE_FORMAT})`);
  return value;
}

export function loadBaseline(dataDir: string, name: string, flag = '--baseline'): Promise<Baseline> {
  return readBaselineFile(baselinePath(dataDir, name, flag), `${flag} ${name}`);
}

/** Every readable baseline, by name; files that are not baselines are skipped. */
export async function listBaselines(dataDir: string): Promise<BaselineInfo[]> {
  const directory = path.join(dataDir, BASELINES_DIRECTORY);
  const names = await listDirectory(directory);
  const infos: BaselineInfo[] = [];
  for (const entry of names.filter((name) => name.endsWith('.json') && BASELINE_NAME.test(name.slice(0, -5))).sort()) {
    const file = path.join(directory, entry);
    try {
      const baseline = await readBaselineFile(file, entry);
      infos.push({
        name: baseline.name, createdAt: baseline.createdAt, source: baseline.source, fingerprint: baseline.fingerprint,
        series: baseline.results.length, file,
      });
    } catch {
      // A foreign or damaged file in the directory is not a baseline; list the others.
    }
  }
  return infos;
}
