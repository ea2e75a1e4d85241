// temporary: count series per family after a pass of real runs
import { VmsoakMetrics } from '../src/export/prometheus/metrics.ts';
import { RegressionMetrics } from '../src/export/prometheus/regression-metrics.ts';
import { plannedSeries } from '../src/export/prometheus/series.ts';
import { environment } from '../src/run/environment.ts';
import { loadCatalog } from '../src/workloads/registry.ts';
import { resultFor } from './harvest-results.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import type { RunResult } from '../src/model/result.ts';

const catalog = await loadCatalog();
const series = plannedSeries(catalog);
const harvested = new Map((JSON.parse(readFileSync('/tmp/obs/harvested.json', 'utf8')) as RunResult[]).map((r) => [r.workload, r]));
const detail = (process.argv[2] ?? 'default') as 'default' | 'full';
const m = new VmsoakMetrics({ series, workloads: catalog.map((e) => e.workload), environment: environment(), defaultMetrics: true, detail });
const reg = new RegressionMetrics(m.registry, m.detail);
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
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) { if (k.startsWith('vmsoak_')) console.log(`${k}\t${v}`); total += v; if (k.startsWith('vmsoak_')) vm += v; }
console.log('series planned', series.length, 'vmsoak', vm, 'total', total, 'bytes', Buffer.byteLength(text));
writeFileSync(`/tmp/obs/metrics-${detail}.txt`, text);
