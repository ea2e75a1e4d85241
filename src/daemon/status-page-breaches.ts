/**
 * The status page's list of what needs a look, under the health grid: failed runs, then
 * each KPI beyond its target with its value, target, severity and whether it counts. A
 * breach in a judged run counts; one in a disturbed or oversubscribed run is listed greyed
 * with the judgement's reason, because its figures were not measured in fair conditions.
 * Each entry links to its run's row in the latest-run table.
 */
import { judgementStateOf, notJudgedReason } from '../analysis/judged-runs.ts';
import { formatKpiValue, formatTarget } from '../export/reports/units.ts';
import type { KpiResult, RunResult } from '../model/result.ts';
import { escapeHtml, plural, runAnchor } from './status-page-html.ts';
import { isBreach, windowNote, type KpiWindows } from './status-page-windows.ts';

interface Breach {
  run: RunResult;
  kpi: KpiResult;
  /** A breach (a judged run whose KPI window is breached), not a hint. */
  counts: boolean;
  windows: KpiWindows;
}

/** How far beyond its target a value is, as a factor >= 1: the larger, the worse. */
function overshoot({ value, target, direction }: KpiResult): number {
  if (value === null || target === 0 || value === 0) return Number.POSITIVE_INFINITY;
  return direction === 'max' ? value / target : target / value;
}

const SEVERITY_RANK = { critical: 0, warning: 1 } as const;

/** Counted before not counted, critical before warning, the furthest beyond target first. */
function compareBreaches(a: Breach, b: Breach): number {
  return Number(b.counts) - Number(a.counts)
    || SEVERITY_RANK[a.kpi.severity] - SEVERITY_RANK[b.kpi.severity]
    || overshoot(b.kpi) - overshoot(a.kpi)
    || a.kpi.id.localeCompare(b.kpi.id);
}

export function breachesOf(results: readonly RunResult[], windows: KpiWindows = null): Breach[] {
  return results
    .filter((run) => run.status === 'ok')
    .flatMap((run) => run.kpis.filter((kpi) => kpi.pass === false).map((kpi) => ({ run, kpi, counts: isBreach(run, kpi, windows), windows })))
    .sort(compareBreaches);
}

function runLink(run: RunResult): string {
  return `<a href="#${runAnchor(run)}">${escapeHtml(run.workload)} at ${plural(run.threads, 'thread')}</a>`;
}

function failedItem(run: RunResult): string {
  const why = run.judgement?.reason ?? (run.error ? `${run.error.reason}: ${run.error.message}` : 'the run failed');
  return `<li class="b-failed" data-state="failed">${runLink(run)}: <strong>run failed</strong><br><span class="why">${escapeHtml(why)}</span></li>`;
}

function breachItem({ run, kpi, counts, windows }: Breach): string {
  const why = counts ? (windows === null ? 'judged run' : 'breached over its window of judged runs')
    : judgementStateOf(run) === 'judged' ? windowNote(kpi, windows) : `not counted: ${notJudgedReason(run)}`;
  return `<li class="${counts ? 'b-judged' : 'b-not-counted'}" data-kpi="${escapeHtml(kpi.id)}" data-state="${counts ? 'breached' : judgementStateOf(run)}">`
    + `${runLink(run)}: <strong>${escapeHtml(kpi.name)}</strong> ${escapeHtml(formatKpiValue(kpi.value, kpi.unit))}, `
    + `target ${escapeHtml(formatTarget(kpi))} <span class="sev ${kpi.severity}">${kpi.severity}</span><br><span class="why">${escapeHtml(why)}</span></li>`;
}

export function breachesSection(results: readonly RunResult[], windows: KpiWindows = null): string {
  const failed = results.filter((run) => run.status !== 'ok').sort((a, b) => a.workload.localeCompare(b.workload) || a.threads - b.threads);
  const breaches = breachesOf(results, windows);
  const counted = breaches.filter((breach) => breach.counts).length;
  const parts = [`${counted} counted`, `${breaches.length - counted} not counted`];
  if (failed.length > 0) parts.push(plural(failed.length, 'failed run'));
  const heading = `<h2>Breaches <small>${escapeHtml(parts.join(' · '))}</small></h2>`;
  if (results.length === 0) return `<section id="breaches">${heading}<p>No run has finished yet.</p></section>`;
  if (failed.length === 0 && breaches.length === 0) return `<section id="breaches">${heading}<p class="h-pass">No KPI beyond its target and no failed run.</p></section>`;
  return `<section id="breaches">${heading}<ul id="breach-list">${[...failed.map(failedItem), ...breaches.map(breachItem)].join('')}</ul></section>`;
}
