/**
 * Every report shows each run's judgement and interference: runs that were not judged are
 * kept, greyed (HTML) or marked (Markdown, terminal) with their reason; CSV has the raw
 * readings, empty where the node lacks the source; a change with cause environment is shown
 * as such.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComparisonReport } from '../../src/analysis/baseline-comparison.ts';
import { renderCsv } from '../../src/export/reports/csv.ts';
import { renderHtml } from '../../src/export/reports/html.ts';
import { renderMarkdown } from '../../src/export/reports/markdown.ts';
import { renderTable } from '../../src/export/reports/table.ts';
import type { Interference } from '../../src/model/interference.ts';
import type { SuiteResult } from '../../src/model/result.ts';
import { suiteResultFixture } from './suite-result-fixture.ts';

function interference(otherCpus: number): Interference {
  return {
    windowSeconds: 1.2, ownCpuSeconds: 1.1, otherCpuSeconds: otherCpus * 1.2, otherCpus, cpusWatched: 2, stealSeconds: 0.01, stealRatio: 0.004,
    periods: 0, throttledPeriods: 0, throttledSeconds: 0, throttledRatio: 0, cpuPressureSeconds: null, cpuPressureRatio: null,
    involuntarySwitches: 120, involuntarySwitchesPerSecond: 100, slowCpuShare: 0.031, unavailable: { psi: 'no /proc/pressure/cpu' },
  };
}

/** The fixture's runs judged: 4 threads oversubscribed, 1 thread disturbed, a copy of it at 2 threads judged; the failed run failed. */
function judgedFixture(): SuiteResult {
  const fixture = suiteResultFixture();
  const [over, single, failed] = fixture.results;
  return {
    ...fixture,
    results: [
      { ...over, effectiveCpus: 2, interference: interference(0.1), judgement: { state: 'oversubscribed', reason: '4 threads on 2 effective CPUs' } },
      { ...single, effectiveCpus: 2, interference: interference(1.62), judgement: { state: 'disturbed', reason: 'other processes used 1.6 CPU' } },
      { ...single, threads: 2, effectiveCpus: 2, interference: interference(0.05), judgement: { state: 'judged', reason: null } },
      { ...failed, judgement: { state: 'failed', reason: 'timeout: run exceeded 60s' } },
    ],
  };
}

describe('judgement and interference in the reports', () => {
  const result = judgedFixture();

  it('Markdown: counts the judgements and marks each run that was not judged, with its reason and readings', () => {
    const text = renderMarkdown(result);
    assert.match(text, /Runs: 1 judged, 1 disturbed, 1 oversubscribed, 1 failed\./);
    assert.match(text, /## Judgement and interference/);
    assert.match(text, /Not measured on this node: psi: no \/proc\/pressure\/cpu\./);
    assert.match(text, /\| `contention\.atomic-add` \| 1 \| _disturbed_ \| 2\.00 \| 1\.62 \| 0\.4 ?% \| 0 ?% \| – \| 100 \| 3\.1 ?% \| other processes used 1\.6 CPU \|/);
    assert.match(text, /\| `contention\.atomic-add` \| 2 \| judged \| 2\.00 \| 0\.05 \|/);
    assert.match(text, /\| `contention\.atomic-add` \| 4 \| _oversubscribed_ \|[^\n]*\| 4 threads on 2 effective CPUs \|/);
    // The results table says the same: status and reason.
    assert.match(text, /\| `contention\.atomic-add` \| 1 \| _disturbed_ \|[^\n]*\| disturbed: other processes used 1\.6 CPU \|/);
  });

  it('HTML: greys the rows of runs that were not judged, and only those', () => {
    const html = renderHtml(result);
    const section = html.slice(html.indexOf('<h2>Judgement and interference</h2>'));
    const rows = [...section.slice(0, section.indexOf('</table>')).matchAll(/<tr( class="muted")?><td><code>[^<]+<\/code><\/td><td class="num">(\d+)<\/td>/g)]
      .map(([, muted, threads]) => [threads, muted !== undefined]);
    assert.deepEqual(rows.filter(([, muted]) => muted).map(([threads]) => threads).sort(), ['1', '2', '4']);
    assert.deepEqual(rows.filter(([, muted]) => !muted).map(([threads]) => threads), ['2']);
    assert.match(html, /\.muted, tr\.muted td \{ color: #8c959f; \}/);
  });

  it('CSV: the judgement, its reason and the raw readings; empty where the node has no source', () => {
    const csv = renderCsv(result);
    // The failed run's quoted message spans lines; the other rows are plain.
    const [header, ...rows] = csv.trimEnd().split('\r\n').filter((line) => line.startsWith('workload') || line.startsWith('contention.')).map((line) => line.split(','));
    const at = (name: string) => header.indexOf(name);
    const disturbed = rows.find((row) => row[at('judgement')] === 'disturbed');
    assert.ok(disturbed);
    assert.equal(disturbed[at('judgement_reason')], 'other processes used 1.6 CPU');
    assert.equal(disturbed[at('other_cpus')], '1.62');
    assert.equal(disturbed[at('effective_cpus')], '2');
    assert.equal(disturbed[at('cpu_pressure_ratio')], '', 'no PSI: empty, not 0');
    assert.equal(disturbed[at('throttled_ratio')], '0', 'measured and none: 0');
    assert.deepEqual(rows.map((row) => row[at('judgement')]).sort(), ['disturbed', 'judged', 'oversubscribed']);
    assert.match(csv, /,failed,timeout: run exceeded 60s,/);
  });

  it('terminal table: dims the status of runs that were not judged and gives the reason and the counts', () => {
    const lines = renderTable(result).split('\n');
    const disturbed = lines.find((line) => line.startsWith('contention.atomic-add') && line.includes('disturbed'));
    assert.ok(disturbed?.includes('disturbed: other processes used 1.6 CPU'), disturbed);
    assert.ok(lines.includes('Runs: 1 judged, 1 disturbed, 1 oversubscribed, 1 failed (only judged runs count toward KPI windows and regressions)'));
  });

  it('shows a regression whose cause is the environment as such, greyed, with the readings that differed', () => {
    const comparison: ComparisonReport = {
      against: { name: 'rolling', createdAt: 'last 5 judged runs', fingerprint: null }, fingerprintDifferences: [], alpha: 0.05, gate: ['mean'],
      summary: { series: 1, regressed: 1, critical: 0, improved: 0, unchanged: 0, noisy: 0, incomparable: 0 },
      series: [{
        workload: 'contention.atomic-add', category: 'contention', tier: 0, threads: 1, verdict: 'regressed', severity: 'warning',
        pValue: 0.001, adjustedPValue: 0.001, shift: 1, changes: [], baselineCv: 0.01, currentCv: 0.01,
        cause: 'environment', causeReason: 'other processes\' CPUs 0.05 -> 0.45 (threshold 0.5)',
      }],
    };
    const markdown = renderMarkdown(result, { comparison });
    assert.match(markdown, /\| _⚠ regressed \(warning\)_ \|[^\n]*\| _environment \(other processes' CPUs 0\.05 -&gt; 0\.45 \(threshold 0\.5\)\)_ \|/);
    assert.match(renderHtml(result, { comparison }), /<span class="muted">environment \(other processes&apos;|<span class="muted">environment \(other processes&#39;|<span class="muted">environment \(other processes'/);
  });
});
