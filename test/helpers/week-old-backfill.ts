/**
 * History a fresh Prometheus cannot have: a real scrape of the daemon, repeated at every
 * step of a window shifted one week into the past, written as OpenMetrics and turned into
 * TSDB blocks with `promtool tsdb create-blocks-from openmetrics` (Prometheus's own
 * backfill). Queries with `offset 1w` then read real vmsoak series, not a weakened query.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promtool } from './promtool.ts';

export const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface ScrapedTarget {
  /** The Prometheus text exposition as scraped. */
  text: string;
  /** The target labels Prometheus will attach to the live series (job, instance). */
  labels: Readonly<Record<string, string>>;
}

export interface BackfillWindow {
  /** First and last sample time, in ms since the epoch. */
  fromMs: number;
  toMs: number;
  stepMs: number;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(',');
}

/**
 * `name{a="b"} 1` plus target labels; the value is the last token (label values are quoted).
 * A label the sample has and the target has too is renamed exported_<name>, as Prometheus
 * does on a scrape without honor_labels.
 */
function withLabels(line: string, extra: string, targetLabels: ReadonlySet<string>): { series: string; value: string } {
  const cut = line.lastIndexOf(' ');
  const series = line.slice(0, cut);
  const value = line.slice(cut + 1);
  const brace = series.indexOf('{');
  if (brace === -1) return { series: `${series}{${extra}}`, value };
  const inner = series.slice(brace + 1, -1)
    .replace(/(^|,)([a-zA-Z_][a-zA-Z0-9_]*)=/g, (whole, comma: string, name: string) => (targetLabels.has(name) ? `${comma}exported_${name}=` : whole));
  return { series: `${series.slice(0, brace)}{${extra}${inner === '' ? '' : `,${inner}`}}`, value };
}

/**
 * OpenMetrics text: every sample of every scrape at every step of the window, one series
 * after the other (families stay contiguous, timestamps ascend within a series), no
 * metadata (the types do not matter to the blocks), `# EOF` at the end.
 */
export function backfillOpenMetrics(targets: readonly ScrapedTarget[], window: BackfillWindow): string {
  const lines: string[] = [];
  for (const target of targets) {
    const extra = labelText(target.labels);
    const targetLabels = new Set(Object.keys(target.labels));
    for (const line of target.text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const { series, value } = withLabels(line, extra, targetLabels);
      for (let t = window.fromMs; t <= window.toMs; t += window.stepMs) lines.push(`${series} ${value} ${Math.floor(t / 1000)}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** Writes the blocks into `dataDir` (before Prometheus starts on it). */
export async function backfillBlocks(targets: readonly ScrapedTarget[], window: BackfillWindow, dataDir: string, workDir: string): Promise<void> {
  const input = path.join(workDir, 'week-old.om.txt');
  await writeFile(input, backfillOpenMetrics(targets, window));
  const outcome = await promtool(['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir]);
  if (outcome.code !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics failed (${outcome.code}): ${outcome.output}`);
}
