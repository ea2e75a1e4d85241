/**
 * The status page's answer to "is this node healthy?": a grid of workload category x thread
 * count, each cell the worst state of the latest runs in it, linked to those runs' rows.
 *
 * A run's state combines its judgement with its KPIs. Only a judged run can be `breached`
 * (a disturbed or oversubscribed run's figures do not count, so its KPIs cannot breach), and
 * the states rank, worst first:
 * - `failed`: no measurement at all; a workload or the node is broken.
 * - `breached`: a trustworthy measurement beyond a KPI target: the runtime is too slow.
 * - `disturbed`: the node was too busy to tell; harmless once, but while it lasts nothing is measured.
 * - `oversubscribed`: more threads than effective CPUs, a condition the node's size explains
 *   and the plan chose, not a fault; the run is kept but says nothing about the runtime.
 * - `pass`: judged, and no KPI beyond its target.
 *
 * The states are per run, from each KPI's value in that run, not yet from the KPI window
 * verdicts (analysis/kpi-window.ts) that /api/results carries: how a `pending` window
 * would show in the grid is still to be decided (docs/status-page.md).
 */
import { judgementStateOf } from '../analysis/judged-runs.ts';
import type { RunResult } from '../model/result.ts';
import { cellAnchor, escapeHtml, plural } from './status-page-html.ts';
import { isBreach, type KpiWindows } from './status-page-windows.ts';

export type HealthState = 'failed' | 'breached' | 'disturbed' | 'oversubscribed' | 'pass';

/** Worst first. */
export const HEALTH_ORDER: readonly HealthState[] = ['failed', 'breached', 'disturbed', 'oversubscribed', 'pass'];

const RANK: Readonly<Record<HealthState, number>> = Object.fromEntries(HEALTH_ORDER.map((state, rank) => [state, rank])) as Record<HealthState, number>;

/** What a cell says; "oversubscribed" is too wide for a grid column, its title and the legend spell it out. */
const CELL_LABEL: Readonly<Record<HealthState, string>> = {
  failed: 'failed', breached: 'breached', disturbed: 'disturbed', oversubscribed: 'oversub.', pass: 'pass',
};

export function runHealth(run: RunResult, windows: KpiWindows = null): HealthState {
  const state = judgementStateOf(run);
  if (state === 'judged') return run.kpis.some((kpi) => isBreach(run, kpi, windows)) ? 'breached' : 'pass';
  return state;
}

export function worstHealth(states: Iterable<HealthState>): HealthState {
  let worst: HealthState = 'pass';
  for (const state of states) if (RANK[state] < RANK[worst]) worst = state;
  return worst;
}

export function compareHealth(a: HealthState, b: HealthState): number {
  return RANK[a] - RANK[b];
}

export interface HealthCell {
  category: string;
  threads: number;
  state: HealthState;
  /** Runs in the cell by state. */
  counts: Partial<Record<HealthState, number>>;
  runs: number;
}

export interface HealthGrid {
  /** Categories in name order: the columns. */
  categories: string[];
  /** Thread counts ascending: the rows. */
  threads: number[];
  /** Keyed `${category}@${threads}`; a category x threads without runs has no cell. */
  cells: Map<string, HealthCell>;
}

export function healthGrid(results: readonly RunResult[], windows: KpiWindows = null): HealthGrid {
  const cells = new Map<string, HealthCell>();
  for (const run of results) {
    const key = `${run.category}@${run.threads}`;
    const entry = cells.get(key) ?? { category: run.category, threads: run.threads, state: 'pass', counts: {}, runs: 0 };
    const state = runHealth(run, windows);
    entry.counts[state] = (entry.counts[state] ?? 0) + 1;
    entry.runs++;
    entry.state = worstHealth([entry.state, state]);
    cells.set(key, entry);
  }
  const values = [...cells.values()];
  return {
    categories: [...new Set(values.map((entry) => entry.category))].sort((a, b) => a.localeCompare(b)),
    threads: [...new Set(values.map((entry) => entry.threads))].sort((a, b) => a - b),
    cells,
  };
}

function countsText(counts: HealthCell['counts']): string {
  return HEALTH_ORDER.filter((state) => counts[state] !== undefined).map((state) => `${counts[state]} ${state}`).join(', ');
}

function gridCell(category: string, threads: number, entry: HealthCell | undefined): string {
  if (entry === undefined) return `<td class="h-none" data-category="${escapeHtml(category)}" data-threads="${threads}">–</td>`;
  const bad = entry.runs - (entry.counts.pass ?? 0);
  const title = `${category} at ${plural(threads, 'thread')}: ${plural(entry.runs, 'run')} (${countsText(entry.counts)})`;
  // The count says how many runs are not passing, or how many passed when all did.
  const count = entry.state === 'pass' ? `${entry.runs}` : `${bad}/${entry.runs}`;
  return `<td class="h-${entry.state}" data-category="${escapeHtml(category)}" data-threads="${threads}" data-state="${entry.state}">`
    + `<a href="#${cellAnchor(category, threads)}" title="${escapeHtml(title)}">${CELL_LABEL[entry.state]} <small>${count}</small></a></td>`;
}

/** One line above the grid: the KPIs breached in judged runs and the runs by state. */
function headline(results: readonly RunResult[], windows: KpiWindows): string {
  const states = results.map((run) => runHealth(run, windows));
  const judgedRuns = results.filter((run) => judgementStateOf(run) === 'judged');
  const judgedKpis = judgedRuns.flatMap((run) => run.kpis);
  const breached = judgedRuns.flatMap((run) => run.kpis.filter((kpi) => isBreach(run, kpi, windows))).length;
  const worst = worstHealth(states);
  const parts = [breached > 0
    ? `${breached} of ${plural(judgedKpis.length, 'KPI')} in judged runs breached`
    : `No KPI breached (${plural(judgedKpis.length, 'KPI')} in judged runs)`];
  for (const state of HEALTH_ORDER) {
    const count = states.filter((candidate) => candidate === state).length;
    if (count > 0 && state !== 'breached') parts.push(`${plural(count, 'run')} ${state}`);
  }
  return `<p id="kpi-summary" class="headline h-${worst}" data-state="${worst}">${escapeHtml(parts.join(' · '))}</p>`;
}

const LEGEND = HEALTH_ORDER.map((state) => `<span class="h-${state}">${state}</span>`).join(' &gt; ');

export function healthSection(results: readonly RunResult[], windows: KpiWindows = null): string {
  if (results.length === 0) return '<section id="health"><h2>Health</h2><p id="kpi-summary">No run has finished yet.</p></section>';
  const grid = healthGrid(results, windows);
  const head = `<tr><th scope="col">threads</th>${grid.categories.map((category) => `<th scope="col">${escapeHtml(category)}</th>`).join('')}</tr>`;
  const rows = grid.threads.map((threads) => `<tr><th scope="row">${threads}</th>${
    grid.categories.map((category) => gridCell(category, threads, grid.cells.get(`${category}@${threads}`))).join('')}</tr>`);
  return `<section id="health"><h2>Health</h2>${headline(results, windows)}
<div class="wide"><table id="health-grid"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>
<p class="legend">Each cell: the worst state of the latest run of each workload in that category at that thread count, worst first: ${LEGEND}. `
    + 'Only judged runs count against KPIs. A cell links to its runs below.</p></section>';
}
