/**
 * What every part of the status page shares: escaping (every text from the catalog, the
 * config or a result goes through it), table cells, the anchors that link the health grid
 * and the breaches to the rows of the latest-run table, and human times.
 */
import type { RunResult } from '../model/result.ts';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

export function cell(text: string, className?: string): string {
  return className ? `<td class="${className}">${escapeHtml(text)}</td>` : `<td>${escapeHtml(text)}</td>`;
}

/** An id fragment from a name: workload and category names are [a-z0-9.-]; anything else is replaced anyway. */
function idPart(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '-');
}

/** The latest-run table's group of one health-grid cell: every run of `category` at `threads`. */
export function cellAnchor(category: string, threads: number): string {
  return `cell-${idPart(category)}-${threads}`;
}

/** The latest-run table's row of one workload x threads. */
export function runAnchor(run: Pick<RunResult, 'workload' | 'threads'>): string {
  return `run-${idPart(run.workload)}-${run.threads}`;
}

/** "3d 4h 0m 5s", "2m 0s", "7s": down to the second, for an uptime or a countdown. */
export function formatUptime(ms: number): string {
  let seconds = Math.max(0, Math.floor(ms / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size || parts.length > 0) parts.push(`${Math.floor(seconds / size)}${unit}`);
    seconds %= size;
  }
  parts.push(`${seconds}s`);
  return parts.join(' ');
}

/** "14:30:00 UTC" on the day of `now`, "2025-03-02 14:30 UTC" on another: schedules are in UTC. */
export function formatClock(at: Date, now: Date): string {
  const iso = at.toISOString();
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? `${iso.slice(11, 19)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
