/** The status page's health grid: each run's state, the worst-first order, and the grid's cells and links. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEALTH_ORDER, healthGrid, healthSection, runHealth, worstHealth } from '../../src/daemon/status-page-health.ts';
import { renderStatusFragment } from '../../src/daemon/status-page.ts';
import { DISTURBED, failedStatusRun, OVERSUBSCRIBED, statusRun } from './status-run-fixture.ts';

function gridCells(html: string): Map<string, { state: string | undefined; href: string | undefined; text: string }> {
  const cells = new Map<string, { state: string | undefined; href: string | undefined; text: string }>();
  const pattern = /<td class="h-[\w-]+" data-category="([^"]+)" data-threads="(\d+)"(?: data-state="(\w+)")?>(?:<a href="#([^"]+)"[^>]*>(.*?)<\/a>|(–))<\/td>/g;
  for (const match of html.matchAll(pattern)) {
    cells.set(`${match[1]}@${match[2]}`, { state: match[3], href: match[4], text: (match[5] ?? match[6]).replace(/<[^>]+>/g, '') });
  }
  return cells;
}

describe('status page health', () => {
  it('ranks failed, breached, disturbed, oversubscribed, pass, worst first', () => {
    assert.deepEqual(HEALTH_ORDER, ['failed', 'breached', 'disturbed', 'oversubscribed', 'pass']);
    assert.equal(worstHealth(['pass', 'oversubscribed', 'disturbed']), 'disturbed');
    assert.equal(worstHealth(['disturbed', 'breached', 'pass']), 'breached');
    assert.equal(worstHealth(['breached', 'failed']), 'failed');
    assert.equal(worstHealth([]), 'pass');
  });

  it('lets only a judged run be breached: a breach in a disturbed or oversubscribed run is not counted', async () => {
    assert.equal(runHealth(await statusRun()), 'pass');
    assert.equal(runHealth(await statusRun({ breach: true })), 'breached');
    assert.equal(runHealth(await statusRun({ breach: true, judgement: DISTURBED })), 'disturbed');
    assert.equal(runHealth(await statusRun({ breach: true, judgement: OVERSUBSCRIBED })), 'oversubscribed');
    assert.equal(runHealth(failedStatusRun()), 'failed');
    // Results measured before judgement existed carry none: an ok run counts as judged.
    const { judgement: _judgement, ...legacy } = await statusRun({ breach: true });
    assert.equal(runHealth(legacy), 'breached');
  });

  it('calls a judged run breached only when its KPI window is, as vmsoak_kpi_breached does', async () => {
    const run = await statusRun({ breach: true });
    const missed = run.kpis.find((kpi) => kpi.pass === false);
    assert.ok(missed, 'the fixture misses a KPI');
    const windows = (state: 'pending' | 'pass' | 'breached') => new Map([[missed.id, state]]);
    assert.equal(runHealth(run, windows('breached')), 'breached');
    assert.equal(runHealth(run, windows('pending')), 'pass');
    assert.equal(runHealth(run, windows('pass')), 'pass');
    // The page says why a miss is not a breach.
    const page = renderStatusFragment({
      version: '0', node: '24', v8: '13', cpus: 2, startedAt: new Date(0), now: new Date(0), shuttingDown: false, workloadCount: 1,
      suites: [], running: null, results: [run], metricsPaths: ['metrics'],
      kpiWindows: [{ id: missed.id, name: missed.name, target: missed.target, direction: missed.direction, unit: missed.unit, severity: missed.severity,
        workload: run.workload, threads: run.threads, state: 'pending', value: null, judgedRuns: 1, needed: 5, latest: missed.value }],
    });
    assert.match(page, /beyond target in this run; its window of judged runs is still pending/);
    assert.doesNotMatch(page, /data-state="breached"/);
  });

  it('makes one cell per category x threads with the worst state of its runs', async () => {
    const results = [
      await statusRun({ category: 'jit', workload: 'jit.a' }),
      await statusRun({ category: 'jit', workload: 'jit.b', judgement: DISTURBED }),
      await statusRun({ category: 'contention', threads: 1, breach: true }),
      await statusRun({ category: 'contention', threads: 4, breach: true, judgement: OVERSUBSCRIBED }),
      failedStatusRun('gc'),
    ];
    const grid = healthGrid(results);
    assert.deepEqual(grid.categories, ['contention', 'gc', 'jit']);
    assert.deepEqual(grid.threads, [1, 4]);
    assert.deepEqual(Object.fromEntries([...grid.cells].map(([key, entry]) => [key, entry.state])), {
      'jit@1': 'disturbed', 'contention@1': 'breached', 'contention@4': 'oversubscribed', 'gc@1': 'failed',
    });
    assert.deepEqual(grid.cells.get('jit@1')?.counts, { pass: 1, disturbed: 1 });
  });

  it('draws the grid with a label per state, links every filled cell to its group of rows, and leaves the rest empty', async () => {
    const results = [
      await statusRun({ category: 'jit' }),
      await statusRun({ category: 'jit', workload: 'jit.other', judgement: DISTURBED }),
      await statusRun({ category: 'contention', threads: 4, judgement: OVERSUBSCRIBED }),
    ];
    const html = healthSection(results);
    const cells = gridCells(html);
    assert.deepEqual([...cells.keys()].sort(), ['contention@1', 'contention@4', 'jit@1', 'jit@4']);
    assert.deepEqual(cells.get('jit@1'), { state: 'disturbed', href: 'cell-jit-1', text: 'disturbed 1/2' });
    assert.deepEqual(cells.get('contention@4'), { state: 'oversubscribed', href: 'cell-contention-4', text: 'oversub. 1/1' });
    assert.deepEqual(cells.get('jit@4'), { state: undefined, href: undefined, text: '–' });
    assert.deepEqual(cells.get('contention@1'), { state: undefined, href: undefined, text: '–' });
    // Every link lands on a group of rows of the latest-run table.
    const page = renderStatusFragment({
      version: '1', node: '24', v8: '13', cpus: 2, startedAt: new Date(0), now: new Date(0), shuttingDown: false,
      workloadCount: 3, suites: [], running: null, results, metricsPaths: [],
    });
    for (const { href } of gridCells(page).values()) {
      if (href !== undefined) assert.match(page, new RegExp(`<tbody id="${href}">`), `no rows for ${href}`);
    }
  });

  it('heads the grid with the KPIs breached in judged runs and the runs by state, coloured by the worst', async () => {
    const results = [await statusRun({ breach: true }), await statusRun({ category: 'jit', breach: true, judgement: DISTURBED }), await statusRun({ category: 'gc' })];
    const html = healthSection(results);
    // One breached KPI in the one judged breached run (p99_latency); the disturbed run's breach does not count.
    assert.match(html, /<p id="kpi-summary" class="headline h-breached" data-state="breached">1 of 6 KPIs in judged runs breached · 1 run disturbed · 1 run pass<\/p>/);
    assert.match(healthSection([await statusRun()]), /class="headline h-pass"[^>]*>No KPI breached \(3 KPIs in judged runs\) · 1 run pass</);
  });
});
