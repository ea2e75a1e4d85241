/**
 * Load: 50 concurrent scrapers on /metrics of a `vmsoak run` child for 60 s while a
 * workload runs, then the same load while the daemon is idle. Loopback only, bounded in
 * scrapers and time (scrapers.ts). Reports errors (must be 0), scrape latency p50, p99
 * and max in both windows, and the ratio of the p99s: a scrape must never wait for a
 * workload, so a run should change scrape latency only by the CPU its threads take.
 *
 * The daemon has two suites that run once at start, in this order: `fill`, a short pass of
 * the same workloads, so that /metrics already holds their series when the load starts and
 * both windows render the same page; then `load`, whose runs are long enough to cover the
 * whole loaded window. The idle window follows the end of that pass. A third suite of the
 * whole catalog is never due; it makes the page as large as a production daemon's.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { NEVER, passEnded, passStarted, startDaemonProcess } from '../daemon-process.ts';
import { formatMicroseconds, formatRatio, markdownTable, significant } from '../markdown.ts';
import type { BenchPart } from '../part.ts';
import { MAX_SCRAPERS, scrapeLoad, type ScrapeLoadResult } from '../scrapers.ts';

/** One CPU-bound worker and one allocation-heavy worker, one after the other. */
const WORKLOADS = ['contention.atomic-add', 'gc.churn-small'];
const P99_RATIO_AIM = 1.5;

function latencyRow(window: string, load: ScrapeLoadResult): string[] {
  return [
    window, String(load.scrapes), `${significant(load.scrapes / (load.elapsedMs / 1000))} /s`, String(load.errors),
    formatMicroseconds(load.latencyUs?.p50), formatMicroseconds(load.latencyUs?.p99), formatMicroseconds(load.latencyUs?.max),
    formatMicroseconds(load.slowestFirstScrapeUs),
  ];
}

export const scrapeLoadPart: BenchPart = {
  name: 'load',
  title: 'Load: 50 concurrent scrapers during a run and when idle',
  inDefaultRun: true,
  async run({ quick, progress }) {
    const loadMs = quick ? 5000 : 60_000;
    const idleMs = quick ? 3000 : 15_000;
    // Each of the two runs lasts a little over half the loaded window plus a margin, so
    // the pass outlasts the window even when the load slows the start of the runs.
    const runMs = Math.ceil((loadMs + (quick ? 3000 : 10_000)) / WORKLOADS.length);
    const common = { schedule: NEVER, runOnStart: true, workloads: WORKLOADS, threads: [1] };
    const daemon = await startDaemonProcess([
      { name: 'fill', ...common, duration: '100ms', warmup: '20ms' },
      { name: 'load', ...common, duration: `${runMs}ms`, warmup: '250ms' },
      // Never due: it only makes /metrics carry every catalog series, as a daemon that runs
      // the whole catalog serves it.
      { name: 'catalog', schedule: NEVER, runOnStart: false, workloads: ['*'] },
    ]);
    try {
      progress('waiting for the fill pass');
      await daemon.nextLog(passStarted('load'), 'the start of the load pass', 120_000);
      const loadPassEnded = daemon.nextLog(passEnded('load'), 'the end of the load pass', loadMs + runMs * WORKLOADS.length + 120_000);
      let passHasEnded = false;
      void loadPassEnded.then(() => {
        passHasEnded = true;
      }, () => undefined);
      await sleep(500); // the first run's workers starting
      progress(`${MAX_SCRAPERS} scrapers for ${loadMs / 1000} s while workloads run`);
      const duringRun = await scrapeLoad({ url: daemon.metricsUrl, scrapers: MAX_SCRAPERS, durationMs: loadMs, connectFirst: true });
      // The pass must still be running when the last scrape of the window has come back.
      const coveredWholeWindow = !passHasEnded;
      progress('waiting for the load pass to end');
      await loadPassEnded;
      await sleep(1000);
      progress(`${MAX_SCRAPERS} scrapers for ${idleMs / 1000} s while idle`);
      const idle = await scrapeLoad({ url: daemon.metricsUrl, scrapers: MAX_SCRAPERS, durationMs: idleMs, connectFirst: true });

      const ratio = (duringRun.latencyUs?.p99 ?? Number.NaN) / (idle.latencyUs?.p99 ?? Number.NaN);
      const errors = duringRun.errors + idle.errors;
      const maxDuringRun = duringRun.latencyUs?.max ?? Number.POSITIVE_INFINITY;
      const body = [
        markdownTable(['window', 'scrapes', 'rate', 'errors', 'p50', 'p99', 'max', 'slowest first scrape (untimed)'], [
          latencyRow(`during a run (${significant(duringRun.elapsedMs / 1000)} s)`, duringRun),
          latencyRow(`idle (${significant(idle.elapsedMs / 1000)} s)`, idle),
        ], [1, 2, 3, 4, 5, 6, 7]),
        '',
        markdownTable(['figure', 'value'], [
          ['errors', `${errors} (must be 0)${errors > 0 ? `: ${[...duringRun.errorExamples, ...idle.errorExamples].join('; ')}` : ''}`],
          ['scrape p99 during a run ÷ idle', `${formatRatio(ratio)} (aim ≤ ${P99_RATIO_AIM}×)`],
          ['workloads running', `${WORKLOADS.join(', then ')}, 1 thread each, ${runMs / 1000} s each${coveredWholeWindow ? '' : '; **the pass ended before the loaded window did**'}`],
        ]),
        '',
        `${MAX_SCRAPERS} scrapers, each one GET at a time on a kept-alive loopback connection, latency from`,
        'request to last byte. Each scraper opens its connection with one untimed scrape before the',
        'window starts, as Prometheus keeps its connections; the slowest of those is shown, since',
        'on loopback a dropped SYN is retried only after 1, 3 or 7 s and would otherwise stand in',
        'for the daemon\'s latency. The scrapers run in the benchmark\'s process on the same machine, so',
        'they, the daemon\'s main thread and the workload threads share its cores: the ratio shows',
        'what a run\'s CPU use costs scrapes, and a max latency far below the run\'s length shows',
        'that no scrape waited for a run.',
      ].join('\n');
      return {
        body,
        aims: [
          { figure: 'scrape errors under load', aim: '0', measured: String(errors), met: errors === 0 },
          { figure: 'scrape p99 during a run ÷ idle', aim: `≤ ${P99_RATIO_AIM}×`, measured: formatRatio(ratio), met: Number.isFinite(ratio) ? ratio <= P99_RATIO_AIM : null },
          {
            // A scrape that waited for a run would take as long as the rest of that run.
            figure: 'max scrape latency during a run', aim: `under the run's length, ${runMs / 1000} s (no scrape waits for a run)`,
            measured: formatMicroseconds(maxDuringRun), met: coveredWholeWindow ? maxDuringRun < runMs * 1000 : null,
          },
        ],
      };
    } finally {
      await daemon.stop();
    }
  },
};
