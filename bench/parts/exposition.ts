/**
 * Exposition cost: how long prom-client takes to render vmsoak's /metrics, against a bare
 * prom-client Registry holding the same series. The metrics are filled as a daemon running
 * every catalog workload at each of its thread counts would have them, from real runs.
 * The two renders alternate in one loop (ABBA order), so a drift of the machine lands on
 * both alike. Aim: vmsoak ÷ bare ≤ 1.1, i.e. vmsoak adds nothing worth measuring.
 */
import { VmsoakMetrics } from '../../src/export/prometheus/metrics.ts';
import { plannedSeries } from '../../src/export/prometheus/series.ts';
import { nowNs } from '../../src/measure/clock.ts';
import { environment } from '../../src/run/environment.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import type { Registry } from 'prom-client';
import { assertSameSeries, mirrorIntoBareRegistry } from '../bare-registry.ts';
import { harvestResults, resultFor } from '../harvest-results.ts';
import { formatBytes, formatRatio, markdownTable, significant } from '../markdown.ts';
import type { BenchPart } from '../part.ts';
import { percentile } from '../percentile.ts';

const RATIO_AIM = 1.1;

interface Contender {
  name: string;
  registry: Registry;
  renderMs: number[];
}

async function renderMs(registry: Registry): Promise<number> {
  const start = nowNs();
  await registry.metrics();
  return (nowNs() - start) / 1e6;
}

/** Each round renders every contender once, in forward then reverse order (ABBA). */
async function interleave(contenders: readonly Contender[], warmupRounds: number, rounds: number): Promise<void> {
  for (let round = 0; round < warmupRounds + rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const ms = await renderMs(contender.registry);
      if (round >= warmupRounds) contender.renderMs.push(ms);
    }
  }
}

export const expositionPart: BenchPart = {
  name: 'exposition',
  title: 'Exposition cost: /metrics render time and size',
  inDefaultRun: true,
  async run({ quick, progress }) {
    const catalog = await loadCatalog();
    const series = plannedSeries(catalog);
    progress(`filling the metrics from real runs of ${catalog.length} workloads (${series.length} workload × threads series)`);
    const harvested = await harvestResults(catalog, progress);
    const env = environment();
    // Compared: vmsoak's series alone. Served: what the daemon's /metrics carries, with
    // prom-client's process and Node.js metrics, which are the library's on both sides.
    const compared = new VmsoakMetrics({ series, environment: env, defaultMetrics: false });
    const served = new VmsoakMetrics({ series, environment: env, defaultMetrics: true });
    for (const metrics of [compared, served]) metrics.initSuite('default');
    let failedRuns = 0;
    for (const planned of series) {
      const result = resultFor(planned, harvested);
      if (result === null) continue;
      if (result.status !== 'ok') failedRuns++;
      compared.observeRun(result);
      served.observeRun(result);
    }
    const bare = await mirrorIntoBareRegistry(compared.registry);
    const samples = await assertSameSeries(compared.registry, bare);

    const rounds = quick ? 40 : 400;
    progress(`rendering, ${rounds} interleaved rounds`);
    const contenders: Contender[] = [
      { name: 'bare prom-client Registry, same series', registry: bare, renderMs: [] },
      { name: 'vmsoak `VmsoakMetrics`', registry: compared.registry, renderMs: [] },
      { name: 'vmsoak as served (plus prom-client default metrics)', registry: served.registry, renderMs: [] },
    ];
    await interleave(contenders, quick ? 5 : 40, rounds);
    const [bareTimes, vmsoakTimes] = contenders;
    const median = (contender: Contender): number => percentile(contender.renderMs, 50);
    const ratio = median(vmsoakTimes) / median(bareTimes);
    const meanOf = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0) / values.length;
    const meanRatio = meanOf(vmsoakTimes.renderMs) / meanOf(bareTimes.renderMs);

    const comparedBytes = Buffer.byteLength(await compared.metrics());
    const servedBytes = Buffer.byteLength(await served.metrics());
    const rows = contenders.map((contender) => [
      contender.name, significant(median(contender)), significant(percentile(contender.renderMs, 90)), significant(Math.max(...contender.renderMs)),
      formatRatio(median(contender) / median(bareTimes)),
    ]);
    const body = [
      markdownTable(['registry', 'median ms', 'p90 ms', 'max ms', 'median ÷ bare'], rows, [1, 2, 3, 4]),
      '',
      markdownTable(['figure', 'value'], [
        ['vmsoak ÷ bare, medians', `${formatRatio(ratio)} (aim ≤ ${RATIO_AIM}×)`],
        ['vmsoak ÷ bare, means', formatRatio(meanRatio)],
        ['series filled', `${series.length} workload × threads series from ${catalog.length} workloads (${harvested.size} real runs, ${failedRuns} failed series)`],
        ['samples in the vmsoak families', String(samples)],
        ['output size, vmsoak families', formatBytes(comparedBytes)],
        ['output size, as served', formatBytes(servedBytes)],
      ]),
      '',
      `${rounds} rounds after warm-up; each round renders all three registries with \`registry.metrics()\`,`,
      'alternating their order. The bare registry is checked to hold exactly the same samples as',
      'vmsoak\'s before timing. Each workload ran once for 30 ms at its smallest thread count, and',
      'that result stands for each of its thread counts.',
    ].join('\n');
    return {
      body,
      aims: [{ figure: '/metrics render, vmsoak ÷ bare prom-client', aim: `≤ ${RATIO_AIM}×`, measured: formatRatio(ratio), met: ratio <= RATIO_AIM }],
    };
  },
};
