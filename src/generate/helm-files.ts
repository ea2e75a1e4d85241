/**
 * What the Helm chart takes from generated sources: byte-for-byte copies of the Prometheus
 * rule files and Grafana dashboards (Helm's `.Files` reads only files inside the chart),
 * and the `config` part of values.schema.json (from the daemon's config schema). Making
 * them here, from the one source, keeps the chart from drifting;
 * test/deploy/drift.test.ts checks that it has not. `vmsoak generate` runs this after
 * writing the rules and dashboards; `node src/generate/helm-files.ts` runs it alone.
 */
import { access, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from '../store/atomic-write.ts';
import { withChartConfigSchema } from './helm-values-schema.ts';
import type { WriteOutcome } from './write-artifacts.ts';

export const CHART_DIR = 'helm/vmsoak';
export const VALUES_SCHEMA = `${CHART_DIR}/values.schema.json`;

export interface ChartCopy {
  /** Directory of generated files, relative to the repository root. */
  source: string;
  /** Where the chart keeps its copies, relative to the repository root. */
  target: string;
  /** Only files with this extension are copied, so deploy/prometheus/tests/ stays out. */
  extension: string;
}

export const CHART_COPIES: readonly ChartCopy[] = [
  { source: 'deploy/prometheus', target: `${CHART_DIR}/files/prometheus`, extension: '.yaml' },
  { source: 'dashboards', target: `${CHART_DIR}/files/dashboards`, extension: '.json' },
];

async function filesWithExtension(directory: string, extension: string): Promise<string[]> {
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    return entries.filter((entry) => entry.isFile() && entry.name.endsWith(extension)).map((entry) => entry.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes `content` unless the file already holds exactly that. */
async function writeIfChanged(root: string, relative: string, content: Buffer): Promise<WriteOutcome> {
  const file = path.join(root, relative);
  const before = await readIfExists(file);
  const changed = before === null || !before.equals(content);
  if (changed) {
    await mkdir(path.dirname(file), { recursive: true });
    await atomicWriteFile(file, content);
  }
  return { path: relative, changed };
}

/**
 * Copies every generated file into the chart and deletes chart copies whose source is gone
 * (a removed dashboard must not linger in the chart).
 */
export async function copyGeneratedFilesIntoChart(root: string): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (const { source, target, extension } of CHART_COPIES) {
    const names = await filesWithExtension(path.join(root, source), extension);
    for (const stale of await filesWithExtension(path.join(root, target), extension)) {
      if (!names.includes(stale)) await rm(path.join(root, target, stale));
    }
    for (const name of names) {
      const content = await readFile(path.join(root, source, name));
      outcomes.push(await writeIfChanged(root, `${target}/${name}`, content));
    }
  }
  return outcomes;
}

/** Rewrites the `config` property of the chart's values.schema.json. */
export async function writeChartValuesSchema(root: string): Promise<WriteOutcome> {
  const before = await readFile(path.join(root, VALUES_SCHEMA), 'utf8');
  return writeIfChanged(root, VALUES_SCHEMA, Buffer.from(withChartConfigSchema(before)));
}

/**
 * Everything the chart takes from generated sources, when `root` holds the chart (a
 * `generate --out` somewhere else gets none of it).
 */
export async function writeChartFiles(root: string): Promise<WriteOutcome[]> {
  const hasChart = await access(path.join(root, CHART_DIR, 'Chart.yaml')).then(() => true, () => false);
  if (!hasChart) return [];
  return [...await copyGeneratedFilesIntoChart(root), await writeChartValuesSchema(root)];
}

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '../..');
  for (const { path: file, changed } of await writeChartFiles(root)) console.log(`${changed ? 'wrote    ' : 'unchanged'} ${file}`);
}
