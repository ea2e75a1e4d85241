/**
 * Measurement under scrape load: do scrapes change what the workloads measure? A
 * `vmsoak run` child runs passes back to back; each pass runs under one scrape condition,
 * the conditions taking turns pass by pass, so a slow drift of the machine spreads over
 * all of them. Each run's KPI value (contention.atomic-add ns/op, scheduler.wakeup-latency
 * p99) is read from the results log afterwards and compared with the unloaded runs.
 *
 * Conditions: none; steady (one scraper, 10 scrapes/s: 150 times Prometheus's usual
 * 15 s interval); saturating (50 scrapers back to back, the load part's load, which keeps
 * the main thread busy all the time). Aim: steady load moves the values by at most 5 %.
 */
import { statisticValue } from '../../src/run/kpi.ts';
import type { RunResult } from '../../src/model/result.ts';
import { readResultsLog, resultsLogPath } from '../../src/store/results-log.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { passEnded, startDaemonProcess } from '../daemon-process.ts';
import { formatRatio, markdownTable, significant } from '../markdown.ts';
import type { Aim, BenchPart } from '../part.ts';
import { percentile } from '../percentile.ts';
import { MAX_LOAD_MS, scrapeLoad, type ScrapeLoadResult } from '../scrapers.ts';

const SUITE = 'effect';
const WORKLOADS = ['contention.atomic-add', 'scheduler.wakeup-latency'];
const STEADY_AIM = 0.05;
const PASS_TIMEOUT_MS = 120_000;

interface Condition {
  name: 'none' | 'steady' | 'saturating';
  describe: string;
  scrapers: number;
  intervalMs: number;
}

const CONDITIONS: readonly Condition[] = [
  { name: 'none', describe: 'no scrapes', scrapers: 0, intervalMs: 0 },
  { name: 'steady', describe: '1 scraper, one scrape every 100 ms', scrapers: 1, intervalMs: 100 },
  { name: 'saturating', describe: '50 scrapers back to back', scrapers: 50, intervalMs: 0 },
];

interface Window {
  condition: Condition['name'];
  fromMs: number;
  toMs: number;
  load: ScrapeLoadResult | null;
}

function conditionOf(result: RunResult, windows: readonly Window[]): Condition['name'] | null {
  const started = Date.parse(result.startedAt);
  return windows.find((window) => started >= window.fromMs && started < window.toMs)?.condition ?? null;
}

export const scrapeEffectPart: BenchPart = {
  name: 'scrape-effect',
  title: 'Measurement under scrape load',
  inDefaultRun: true,
  async run({ quick, progress }) {
    const rounds = quick ? 1 : 3;
    const catalog = await loadCatalog();
    const workloads = new Map(catalog.map((entry) => [entry.workload.name, entry.workload]));
    const daemon = await startDaemonProcess([{
      name: SUITE, schedule: 'continuous', workloads: WORKLOADS, threads: [1, 2],
      duration: quick ? '300ms' : '1s', warmup: quick ? '100ms' : '250ms',
    }]);
    const windows: Window[] = [];
    let results: RunResult[];
    try {
      progress('first pass, not counted (start-up)');
      await daemon.nextLog(passEnded(SUITE), 'the end of the first pass', PASS_TIMEOUT_MS);
      for (let pass = 0; pass < rounds * CONDITIONS.length; pass++) {
        const condition = CONDITIONS[pass % CONDITIONS.length];
        progress(`pass ${pass + 1}/${rounds * CONDITIONS.length}: ${condition.describe}`);
        const fromMs = Date.now();
        const ended = daemon.nextLog(passEnded(SUITE), `the end of pass ${pass + 1}`, PASS_TIMEOUT_MS);
        const stopLoad = new AbortController();
        const load = condition.scrapers === 0 ? null : scrapeLoad({
          url: daemon.metricsUrl, scrapers: condition.scrapers, intervalMs: condition.intervalMs, durationMs: MAX_LOAD_MS, signal: stopLoad.signal,
        });
        try {
          await ended;
        } finally {
          stopLoad.abort();
        }
        // The window closes when the pass ends; a run that starts while the load is still
        // draining belongs to no window and is left out.
        const toMs = Date.now();
        windows.push({ condition: condition.name, fromMs, toMs, load: load === null ? null : await load });
      }
      await daemon.terminate();
      ({ results } = await readResultsLog(resultsLogPath(daemon.dataDir)));
    } finally {
      await daemon.stop();
    }

    const values = new Map<string, { statistic: string; byCondition: Map<Condition['name'], number[]> }>();
    let failed = 0;
    for (const result of results) {
      const condition = conditionOf(result, windows);
      if (condition === null) continue;
      if (result.status !== 'ok') {
        failed++;
        continue;
      }
      const kpi = workloads.get(result.workload)?.kpis[0];
      const value = kpi === undefined ? null : statisticValue(result, kpi.statistic);
      if (kpi === undefined || value === null) continue;
      const key = `${result.workload} @${result.threads}`;
      const entry = values.get(key) ?? { statistic: `${kpi.name} (${kpi.statistic}, ${kpi.unit})`, byCondition: new Map() };
      values.set(key, entry);
      entry.byCondition.set(condition, [...(entry.byCondition.get(condition) ?? []), value]);
    }

    const rows: string[][] = [];
    const aims: Aim[] = [];
    for (const [series, { statistic, byCondition }] of [...values].sort(([a], [b]) => a.localeCompare(b))) {
      const median = (name: Condition['name']): number => percentile(byCondition.get(name) ?? [], 50);
      const unloaded = byCondition.get('none') ?? [];
      const steadyRatio = median('steady') / median('none');
      rows.push([
        series, statistic, significant(median('none')),
        unloaded.length < 2 ? '–' : formatRatio(Math.max(...unloaded) / Math.min(...unloaded)),
        significant(median('steady')), formatRatio(steadyRatio),
        significant(median('saturating')), formatRatio(median('saturating') / median('none')),
      ]);
      aims.push({
        figure: `${series} ${statistic.split(' ')[0]}, steady scrape load ÷ none`, aim: `within ±${STEADY_AIM * 100} %`,
        measured: formatRatio(steadyRatio), met: Number.isFinite(steadyRatio) ? Math.abs(steadyRatio - 1) <= STEADY_AIM : null,
      });
    }
    const loadRows = CONDITIONS.filter((condition) => condition.scrapers > 0).map((condition) => {
      const loads = windows.filter((window) => window.condition === condition.name).map((window) => window.load as ScrapeLoadResult);
      const scrapes = loads.reduce((total, load) => total + load.scrapes, 0);
      const seconds = loads.reduce((total, load) => total + load.elapsedMs, 0) / 1000;
      const errors = loads.reduce((total, load) => total + load.errors, 0);
      return [condition.name, condition.describe, `${significant(scrapes / seconds)} /s`, String(errors)];
    });
    const body = [
      markdownTable([
        'series', 'KPI statistic', 'none: median', 'none: max ÷ min', 'steady: median', 'steady ÷ none', 'saturating: median', 'saturating ÷ none',
      ], rows, [2, 3, 4, 5, 6, 7]),
      '',
      markdownTable(['scrape load', 'what', 'scrapes', 'errors'], loadRows, [2, 3]),
      '',
      `${rounds} round(s) of the three conditions, one pass each, after one pass not counted; medians over the`,
      `rounds. ${failed} run(s) failed. "none: max ÷ min" is the spread of the unloaded runs, the noise any`,
      'ratio has to be read against. On a machine with few cores the saturating load takes CPU',
      'time from the workload threads, which no design can avoid; the steady load is the aim.',
    ].join('\n');
    return { body, aims };
  },
};
