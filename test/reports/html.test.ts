import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareWithBaseline } from '../../src/analysis/baseline-comparison.ts';
import { defaultRegressionPolicy } from '../../src/analysis/regression-policy.ts';
import { renderHtml } from '../../src/export/reports/html.ts';
import { renderMarkdown } from '../../src/export/reports/markdown.ts';
import { BASELINE_FORMAT } from '../../src/store/baselines.ts';
import { suiteResultFixture } from './suite-result-fixture.ts';

describe('HTML and Markdown reports', () => {
  const result = suiteResultFixture();
  const fingerprint = { vmsoak: '1', node: '1', v8: '1', cpuModel: 'cpu', cpus: 2, configHash: 'abc' };
  const baseline = { format: BASELINE_FORMAT, name: 'main', createdAt: '2026-01-01T00:00:00Z', source: 'x', fingerprint, results: result.results } as const;
  const comparison = compareWithBaseline({ ...baseline }, result, defaultRegressionPolicy());

  it('hold the same sections, with the comparison against the baseline', () => {
    const html = renderHtml(result, { comparison });
    const markdown = renderMarkdown(result, { comparison });
    for (const section of ['Change against baseline main', 'KPIs', 'Results']) {
      assert.match(markdown, new RegExp(`^## ${section}$`, 'm'));
      assert.match(html, new RegExp(`<h2>${section}</h2>`));
    }
    assert.match(markdown, /Fingerprint differs: /, 'the fixture was not measured on that fingerprint');
    assert.match(html, /<h2>Charts<\/h2>/);
  });

  it('escapes names from results in the HTML page', () => {
    const hostile = { ...result, results: result.results.map((run) => ({ ...run, workload: '<img src=x onerror=alert(1)>' })) };
    const html = renderHtml(hostile);
    assert.doesNotMatch(html, /<img src=x/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('shows the mean with its 95 % confidence interval', () => {
    const index = result.results.findIndex((r) => r.status === 'ok');
    const runs = result.results.map((run, i) => (i === index ? { ...run, latencyNs: { ...run.latencyNs, mean: 100 }, ci95Ns: { low: 90, high: 110 } } : run));
    const markdown = renderMarkdown({ ...result, results: runs });
    assert.match(markdown, /\| 100 ns ± 10 ns \|/);
  });
});
