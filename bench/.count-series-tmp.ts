// temporary: count series per family after a pass of real runs
import { VmsoakMetrics } from '../src/export/prometheus/metrics.ts';
import { RegressionMetrics } from '../src/export/prometheus/regression-metrics.ts';
import { plannedSeries } from '../src/export/prometheus/series.ts';
import { environment } from '../src/run/environment.ts';
import { loadCatalog } from '../src/workloads/registry.ts';
import { harvestResults, resultFor } from './harvest-results.ts';
import { writeFileSync } from 'node:fs';

const catalog = await loadCatalog();
const series = plannedSeries(catalog);
const harvested = await harvestResults(catalog, () => {});
writeFileSync('/tmp/obs/harvested.json', JSON.stringify([...harvested.values()]));
const m = new VmsoakMetrics({ series, workloads: catalog.map((e) => e.workload), environment: environment(), defaultMetrics: true });
const reg = new RegressionMetrics(m.registry);
for (const s of series) reg.initSeries(s.workload.name, s.threads);
m.initSuite('default');
for (const p of series) { const r = resultFor(p, harvested); if (r) m.observeRun(r); }
const text = await m.metrics();
const counts = new Map<string, number>();
for (const line of text.split('\n')) {
  if (line === '' || line.startsWith('#')) continue;
  const name = line.match(/^[a-zA-Z_:][a-zA-Z0-9_:]*/)![0].replace(/_(bucket|sum|count)$/, '');
  counts.set(name, (counts.get(name) ?? 0) + 1);
}
let total = 0, vm = 0;
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) { console.log(`${k}\t${v}`); total += v; if (k.startsWith('vmsoak_')) vm += v; }
console.log('series planned', series.length, 'vmsoak', vm, 'total', total, 'bytes', Buffer.byteLength(text));
writeFileSync('/tmp/obs/metrics-before.txt', text);
