/** The status page's HTML without a browser: KPI verdicts, charts, escaping, and the CSP hashes. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { STATUS_PAGE_CSP } from '../../src/daemon/status-page-assets.ts';
import { renderStatusFragment, renderStatusPage, type StatusPageModel } from '../../src/daemon/status-page.ts';
import type { RunResult } from '../../src/model/result.ts';
import { failedRun, okRun } from '../export/run-fixture.ts';

function model(results: RunResult[], metricsPaths = ['metrics']): StatusPageModel {
  return {
    version: '1.2.3', node: '24.0.0', v8: '13.0', cpus: 2, startedAt: new Date(0), now: new Date(61_000), shuttingDown: false,
    workloadCount: 1, suites: [], running: null, results, metricsPaths,
  };
}

describe('status page', () => {
  it('lists breached KPIs first, marked FAIL, with a failing banner', async () => {
    const ok = await okRun({ threads: 1 });
    const html = renderStatusFragment(model([ok, failedRun('timeout', 2)]));
    const rows = [...html.matchAll(/<tr class="kpi-(\w+)" data-kpi="([^"]+)" data-verdict="([^"]+)">/g)].map((match) => [match[2], match[3], match[1]]);
    const expected = [ok, failedRun('timeout', 2)].flatMap((result) => result.kpis.map((kpi) => [kpi.id, kpi.pass === true ? 'PASS' : kpi.pass === false ? 'FAIL' : 'N/A']));
    assert.equal(rows.length, expected.length);
    assert.deepEqual(new Set(rows.map(([id, verdict]) => `${id}=${verdict}`)), new Set(expected.map(([id, verdict]) => `${id}=${verdict}`)));
    const order = rows.map(([, verdict]) => ({ FAIL: 0, 'N/A': 1, PASS: 2 })[verdict]!);
    assert.deepEqual(order, order.toSorted((a, b) => a - b), 'FAIL, then N/A, then PASS');
    assert.ok(rows.some(([, verdict, className]) => verdict === 'FAIL' && className === 'fail'), 'a breached KPI is present in the fixture');
    const breached = expected.filter(([, verdict]) => verdict === 'FAIL').length;
    assert.match(html, new RegExp(`<p id="kpi-summary" class="banner fail">${breached} of ${expected.length} KPIs breached</p>`));
    assert.match(html, /run failed \(timeout\)/);
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
    assert.match(html, /Up 1m 1s/);
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
