/** Markdown tables and number formatting for the sections of BENCHMARKS.md. */
import { markdownCell } from '../src/export/reports/markdown.ts';

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string {
  const right = new Set(rightAligned);
  const rule = header.map((_, column) => (right.has(column) ? '---:' : '---'));
  return [header.map(markdownCell), rule, ...rows.map((row) => row.map(markdownCell))]
    .map((row) => `| ${row.join(' | ')} |`)
    .join('\n');
}

/** Three significant digits, enough for figures that move by several percent between runs. */
export function significant(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toFixed(Math.min(decimals, 6));
}

export function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(3)}×`;
}

export function formatMicroseconds(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return '–';
  return us >= 1000 ? `${significant(us / 1000)} ms` : `${significant(us)} µs`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20) return `${significant(bytes / 2 ** 20)} MiB (${bytes} B)`;
  if (bytes >= 2 ** 10) return `${significant(bytes / 2 ** 10)} KiB (${bytes} B)`;
  return `${bytes} B`;
}

export function formatPercentOfCore(fraction: number): string {
  return `${significant(fraction * 100, 2)} %`;
}

export function metMark(met: boolean | null): string {
  return met === null ? '– not measured' : met ? '✔ met' : '✘ missed';
}
