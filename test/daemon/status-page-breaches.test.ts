/** The status page's breaches: what is listed, in which order, with which reason, and where it links. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breachesOf, breachesSection } from '../../src/daemon/status-page-breaches.ts';
import type { RunResult } from '../../src/model/result.ts';
import { DISTURBED, failedStatusRun, OVERSUBSCRIBED, statusRun } from './status-run-fixture.ts';

function items(html: string): string[] {
  return [...html.matchAll(/<li [^>]*>(.*?)<\/li>/g)].map((match) => match[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

/** The fixture's p99_latency KPI with its value set, severity kept (critical). */
function withP99(run: RunResult, valueNs: number): RunResult {
  return { ...run, kpis: run.kpis.map((kpi) => (kpi.name === 'p99_latency' ? { ...kpi, value: valueNs, pass: valueNs <= kpi.target } : kpi)) };
}

describe('status page breaches', () => {
  it('lists failed runs, then breaches that count, furthest beyond target first, then those that do not count', async () => {
    const results = [
      await statusRun({ category: 'jit', breach: true, judgement: DISTURBED }),
      withP99(await statusRun({ category: 'tlb' }), 600),
      withP99(await statusRun({ category: 'aot' }), 5000),
      failedStatusRun('gc'),
      await statusRun({ category: 'memory' }),
    ];
    const html = breachesSection(results);
    assert.deepEqual(items(html), [
      'gc.fixture at 1 thread : run failed timeout: the run did not finish within 60 s',
      'aot.fixture at 1 thread : p99_latency 5 µs, target ≤ 500 ns critical judged run',
      'tlb.fixture at 1 thread : p99_latency 600 ns, target ≤ 500 ns critical judged run',
      'jit.fixture at 1 thread : p99_latency 3 ms, target ≤ 500 ns critical not counted: disturbed: other processes used 0.9 CPU; CPU pressure 41 %',
    ]);
    assert.match(html, /<h2>Breaches <small>2 counted · 1 not counted · 1 failed run<\/small><\/h2>/);
    assert.match(html, /<li class="b-not-counted" data-kpi="contention\.fixture\.p99_latency@1" data-state="disturbed"><a href="#run-jit-fixture-1">/);
  });

  it('puts critical breaches before warnings that are further beyond their target', async () => {
    const run = await statusRun({ judgement: OVERSUBSCRIBED });
    const kpis = [
      { ...run.kpis[0], id: 'w', severity: 'warning' as const, value: 100_000, target: 10, pass: false },
      { ...run.kpis[0], id: 'c', severity: 'critical' as const, value: 11, target: 10, pass: false },
    ];
    assert.deepEqual(breachesOf([{ ...run, judgement: { state: 'judged', reason: null }, kpis }]).map((breach) => breach.kpi.id), ['c', 'w']);
  });

  it('says so when nothing is beyond its target', async () => {
    assert.match(breachesSection([await statusRun()]), /No KPI beyond its target and no failed run/);
    assert.match(breachesSection([]), /No run has finished yet/);
  });

  it('escapes what a failed run reports', () => {
    const run = { ...failedStatusRun(), judgement: { state: 'failed' as const, reason: 'error: <script>alert(1)</script>' } };
    const html = breachesSection([run]);
    assert.ok(!html.includes('<script>'), html);
    assert.match(html, /error: &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});
