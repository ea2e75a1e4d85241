/** The status page's HTML without a browser: its sections' order, the KPI table, the latest-run table, charts, escaping, and the CSP hashes. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { STATUS_PAGE_CSP } from '../../src/daemon/status-page-assets.ts';
import { renderStatusFragment, renderStatusPage, type StatusPageModel } from '../../src/daemon/status-page.ts';
import { interferenceText } from '../../src/daemon/status-page-runs.ts';
import type { RunResult } from '../../src/model/result.ts';
import { failedRun, okRun } from '../export/run-fixture.ts';
import { DISTURBED, OVERSUBSCRIBED, readings, statusRun } from './status-run-fixture.ts';

function model(results: RunResult[], metricsPaths = ['metrics']): StatusPageModel {
  return {
    version: '1.2.3', node: '24.0.0', v8: '13.0', cpus: 2, startedAt: new Date(0), now: new Date(61_000), shuttingDown: false,
    workloadCount: 1, suites: [], running: null, results, metricsPaths,
  };
}

describe('status page', () => {
  it('puts the next pass, the health grid, the breaches and the lead chart before the tables', async () => {
    const html = renderStatusFragment(model([await okRun({ threads: 1 }), await okRun({ threads: 2 })]));
    const order = ['id="next-pass"', 'id="health"', 'id="breaches"', 'id="scaling"', 'id="percentiles"', 'id="results"', 'id="kpi-details"', 'id="suites"'];
    const positions = order.map((marker) => html.indexOf(marker));
    assert.ok(positions.every((position) => position >= 0), `missing: ${order.filter((_, i) => positions[i] < 0).join(', ')}`);
    assert.deepEqual(positions, positions.toSorted((a, b) => a - b), 'sections out of order');
  });

  it('collapses the KPI table, breached KPIs first and marked FAIL', async () => {
    const ok = await okRun({ threads: 1 });
    const html = renderStatusFragment(model([ok, failedRun('timeout', 2)]));
    assert.match(html, /<details id="kpi-details"><summary>/, 'collapsed: no open attribute');
    assert.match(html, /<input id="kpi-filter" type="search"/);
    const rows = [...html.matchAll(/<tr class="kpi-(\w+)(?: not-judged)?" data-kpi="([^"]+)" data-verdict="([^"]+)" data-state="\w+">/g)].map((match) => [match[2], match[3], match[1]]);
    const expected = [ok, failedRun('timeout', 2)].flatMap((result) => result.kpis.map((kpi) => [kpi.id, kpi.pass === true ? 'PASS' : kpi.pass === false ? 'FAIL' : 'N/A']));
    assert.equal(rows.length, expected.length);
    assert.deepEqual(new Set(rows.map(([id, verdict]) => `${id}=${verdict}`)), new Set(expected.map(([id, verdict]) => `${id}=${verdict}`)));
    const order = rows.map(([, verdict]) => ({ FAIL: 0, 'N/A': 1, PASS: 2 })[verdict]!);
    assert.deepEqual(order, order.toSorted((a, b) => a - b), 'FAIL, then N/A, then PASS');
    assert.ok(rows.some(([, verdict, className]) => verdict === 'FAIL' && className === 'fail'), 'a breached KPI is present in the fixture');
    const breached = expected.filter(([, verdict]) => verdict === 'FAIL').length;
    const unknown = expected.filter(([, verdict]) => verdict === 'N/A').length;
    assert.match(html, new RegExp(`All ${expected.length} KPIs: ${breached} breached in judged runs, 0 beyond target in runs that do not count, ${unknown} without a value`));
    assert.match(html, /run failed \(timeout\)/);
  });

  it('greys the KPIs of runs that do not count and lists them after the breaches that do', async () => {
    const html = renderStatusFragment(model([await statusRun({ category: 'jit', breach: true, judgement: DISTURBED }), await statusRun({ breach: true })]));
    const failing = [...html.matchAll(/<tr class="kpi-fail( not-judged)?" data-kpi="[^"]+" data-verdict="FAIL" data-state="(\w+)">/g)].map((match) => `${match[2]}${match[1] ?? ''}`);
    assert.deepEqual(failing, ['judged', 'disturbed not-judged']);
  });

  it('groups the latest runs by category x threads and greys the runs that do not count, with their reason and interference', async () => {
    const html = renderStatusFragment(model([
      await statusRun({ interference: readings(0.12, 0, 0.031) }),
      await statusRun({ threads: 4, judgement: OVERSUBSCRIBED, interference: readings(0.2, 0.004, 0.1) }),
      await statusRun({ category: 'jit', judgement: DISTURBED, interference: readings(0.93, 0, 0.41) }),
    ]));
    const bodies = [...html.matchAll(/<tbody id="(cell-[^"]+)">(.*?)<\/tbody>/g)].map((match) => [match[1], [...match[2].matchAll(/<tr id="([^"]+)" class="([^"]+)" data-state="(\w+)"/g)].map((row) => row.slice(1).join(' '))]);
    assert.deepEqual(bodies, [
      ['cell-contention-1', ['run-contention-fixture-1 run pass']],
      ['cell-contention-4', ['run-contention-fixture-4 run not-judged oversubscribed']],
      ['cell-jit-1', ['run-jit-fixture-1 run not-judged disturbed']],
    ]);
    const jitRow = /<tr id="run-jit-fixture-1".*?<\/tr>/.exec(html)?.[0] ?? '';
    assert.match(jitRow, /<td class="s-disturbed wrap">disturbed: other processes used 0\.9 CPU; CPU pressure 41 %<\/td>/);
    assert.match(jitRow, /<td class="wrap">other 0\.93 CPU · steal 0 % · pressure 41 %<\/td>/);
  });

  it('writes interference as other CPUs, steal and pressure, n/a for a source the node lacks, throttling only when it happened', () => {
    assert.equal(interferenceText(readings(1.234, 0.0123, null)), 'other 1.2 CPU · steal 1.2 % · pressure n/a');
    assert.equal(interferenceText({ ...readings(null, null, 0.5), throttledRatio: 0.25 }), 'other n/a · steal n/a · throttled 25 % · pressure 50 %');
    assert.equal(interferenceText(undefined), '–');
  });

  it('embeds a percentile plot per workload and the contention scaling chart as inline SVG', async () => {
    const html = renderStatusFragment(model([await okRun({ threads: 1 }), await okRun({ threads: 2 })]));
    assert.equal([...html.matchAll(/<svg /g)].length, 2);
    assert.match(html, /<div class="charts" id="scaling"><svg [^>]*id="scaling-contention"/);
    assert.match(html, /<div class="charts" id="percentiles"><svg [^>]*id="percentiles-contention-fixture"/);
  });

  it('says when nothing has run and links the metric endpoints it is given', () => {
    const html = renderStatusPage(model([], ['metrics', 'otel/metrics']));
    assert.match(html, /No run has finished yet/);
    assert.match(html, /<a href="metrics">Metrics<\/a><a href="otel\/metrics">Metrics \(OpenTelemetry\)<\/a>/);
    assert.match(html, /up 1m 1s/);
  });

  it('allows exactly its own inline script and stylesheet by hash', () => {
    const html = renderStatusPage(model([]));
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const scripts = [...html.matchAll(/<script>(.*?)<\/script>/gs)].map((match) => match[1]);
    const styles = [...html.matchAll(/<style>(.*?)<\/style>/gs)].map((match) => match[1]);
    assert.equal(scripts.length, 1);
    assert.equal(styles.length, 1);
    assert.ok(STATUS_PAGE_CSP.includes(`script-src ${hash(scripts[0])}`), STATUS_PAGE_CSP);
    assert.ok(STATUS_PAGE_CSP.includes(`style-src ${hash(styles[0])}`), STATUS_PAGE_CSP);
    assert.ok(!/ style="/.test(html), 'no style attributes: the CSP would block them');
    assert.ok(!/(src|href)="(https?:)?\/\//.test(html), 'no external resource');
  });
});
