/**
 * Idle cost: the CPU a daemon burns between runs, as a fraction of one core. The daemon is
 * a real `vmsoak run` child configured with every catalog workload on a schedule that is
 * not due during the benchmark, so all it has to do is wait; its CPU time is read from
 * /proc before and after a window in which nobody talks to it. Aim: under 1 % of a core.
 *
 * The cost of being scraped is measured next: a burst of sequential scrapes, and the CPU
 * per scrape that gives, turned into the cost at Prometheus's usual 15 s interval.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { formatPercentOfCore, markdownTable, significant, formatBytes } from '../markdown.ts';
import { NEVER, startDaemonProcess } from '../daemon-process.ts';
import type { BenchPart } from '../part.ts';
import { canReadProcessStats, cpuTickSeconds, processCpuSeconds, processRssBytes } from '../process-stats.ts';
import { scrapeLoad } from '../scrapers.ts';

const IDLE_AIM = 0.01;
const PROMETHEUS_INTERVAL_S = 15;

export const idleCostPart: BenchPart = {
  name: 'idle',
  title: 'Idle cost: daemon CPU between runs',
  inDefaultRun: true,
  async run({ quick, progress }) {
    const settleMs = quick ? 1000 : 5000;
    const windowMs = quick ? 5000 : 30_000;
    const burstScrapes = quick ? 10 : 50;
    progress('starting `vmsoak run` with every workload on a schedule that is not due');
    const daemon = await startDaemonProcess([{ name: 'idle', schedule: NEVER, runOnStart: false, workloads: ['*'] }]);
    try {
      if (!canReadProcessStats(daemon.pid)) {
        return { body: 'Not measured: this machine has no /proc to read the daemon\'s CPU time from.', aims: [{ figure: 'CPU between runs', aim: 'under 1 % of a core', measured: '–', met: null }] };
      }
      progress(`settling for ${settleMs} ms, then measuring a ${windowMs / 1000} s window`);
      await sleep(settleMs);
      const cpuBefore = processCpuSeconds(daemon.pid);
      const windowStart = performance.now();
      await sleep(windowMs);
      const cpuAfter = processCpuSeconds(daemon.pid);
      const windowSeconds = (performance.now() - windowStart) / 1000;
      const rss = processRssBytes(daemon.pid);
      const idleFraction = (cpuAfter - cpuBefore) / windowSeconds;

      progress(`${burstScrapes} sequential scrapes, after a few to warm up`);
      await scrapeLoad({ url: daemon.metricsUrl, scrapers: 1, durationMs: 60_000, maxScrapes: 5 });
      const burstBefore = processCpuSeconds(daemon.pid);
      const burst = await scrapeLoad({ url: daemon.metricsUrl, scrapers: 1, durationMs: 60_000, maxScrapes: burstScrapes });
      const cpuPerScrape = (processCpuSeconds(daemon.pid) - burstBefore) / Math.max(1, burst.scrapes);
      const withPrometheus = idleFraction + cpuPerScrape / PROMETHEUS_INTERVAL_S;

      const tick = cpuTickSeconds();
      const body = [
        markdownTable(['figure', 'value'], [
          ['CPU between runs, no scrapes', `${formatPercentOfCore(idleFraction)} of a core (aim: under ${IDLE_AIM * 100} %)`],
          ['window', `${significant(windowSeconds)} s; CPU time ${significant(cpuAfter - cpuBefore)} s (resolution ${tick} s, i.e. ${formatPercentOfCore(tick / windowSeconds)} of a core)`],
          ['CPU per scrape of /metrics', `${significant(cpuPerScrape * 1000)} ms (${burst.scrapes} sequential scrapes, ${burst.errors} errors, ${formatBytes(Math.round(burst.bytes / Math.max(1, burst.scrapes)))} each)`],
          [`between runs, scraped every ${PROMETHEUS_INTERVAL_S} s`, `${formatPercentOfCore(withPrometheus)} of a core (idle + CPU per scrape ÷ ${PROMETHEUS_INTERVAL_S} s)`],
          ['resident memory while idle', formatBytes(rss)],
        ]),
        '',
        'The daemon is `vmsoak run` with one suite of every catalog workload whose cron schedule is',
        `not due; after ${settleMs / 1000} s to settle, its user + system CPU time (all threads) is read from`,
        '`/proc/<pid>/stat` before and after the window.',
      ].join('\n');
      return {
        body,
        aims: [{ figure: 'CPU between runs', aim: `under ${IDLE_AIM * 100} % of a core`, measured: formatPercentOfCore(idleFraction), met: idleFraction < IDLE_AIM }],
      };
    } finally {
      await daemon.stop();
    }
  },
};
