/**
 * The HTML report in real headless Chromium: a real daemon runs real contention workloads
 * on worker threads, on top of a results log that already holds two days of history for
 * contention.atomic-add@1 with a 30 % step in it. /report.html must show the three charts
 * (HDR percentiles, contention scaling, KPI trends with the change point marked) and load
 * nothing from anywhere. A full-page screenshot is saved as test-artifacts/report-html.png.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { evaluateKpis } from '../../src/run/kpi.ts';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.ts';
import type { RunResult } from '../../src/model/result.ts';
import { resultsLogPath } from '../../src/store/results-log.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { daemonConfig, eventually, NEVER } from '../daemon/daemon-fixture.ts';
import { failedRun } from '../export/run-fixture.ts';
import { chromiumSkipReason, launchChromium, saveScreenshot, watchPage, type PageProblems } from '../helpers/browser.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const skip = chromiumSkipReason();
if (skip) console.log(`# HTML report browser test skipped: ${skip}`);

let dataDir: string;
let daemon: Daemon | undefined;
let browser: Browser | undefined;
let page: Page;
let problems: PageProblems;

describe('HTML report in headless Chromium', { skip }, () => {
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-report-'));
    const catalog = await loadCatalog();
    const atomicAdd = catalog.find((entry) => entry.workload.name === 'contention.atomic-add')!.workload;
    const random = seededRandom(3);
    const start = Date.now() - 2 * 86_400_000;
    const history: RunResult[] = Array.from({ length: 40 }, (_, i) => {
      const mean = (i < 25 ? 20 : 26) * (1 + 0.02 * random.normal());
      const base = failedRun('error', 1, atomicAdd);
      const partial = {
        ...base, status: 'ok' as const, error: undefined, startedAt: new Date(start + i * 3_600_000).toISOString(), ops: 1e6,
        latencyNs: { ...base.latencyNs, mean, p50: mean * 0.9, p90: mean * 1.2, p99: mean * 2, p999: mean * 4, max: mean * 100 },
        opsPerSecond: 1e9 / mean, samples: Array.from({ length: 50 }, () => random.logNormal(mean, 0.03)), cv: 0.03,
      };
      return { ...partial, kpis: evaluateKpis(atomicAdd, 1, partial, {}) };
    });
    await writeFile(resultsLogPath(dataDir), history.map((run) => `${JSON.stringify(run)}\n`).join(''));
    const config = daemonConfig(dataDir, {
      suites: [{ name: 'report', schedule: NEVER, runOnStart: true, workloads: ['contention.atomic-add', 'contention.padded-counter'], threads: [1, 2], duration: 200, warmup: 50 }],
    });
    daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), catalog, handleSignals: false });
    await eventually(async () => {
      const body = await (await fetch(new URL('api/results', daemon!.url))).json() as { results: unknown[] };
      return body.results.length === 4 ? true : undefined;
    }, 'the four runs of the pass', 90_000);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    problems = watchPage(page);
    const response = await page.goto(new URL('report.html', daemon.url).href);
    assert.equal(response?.status(), 200);
  });

  after(async () => {
    await browser?.close();
    await daemon?.close('test finished');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('draws the HDR percentile plots, the contention scaling chart and the KPI trends with the change point', async () => {
    const percentiles = page.locator('svg[id^="hdr-"]');
    assert.equal(await percentiles.count(), 2, 'one percentile plot per workload');
    const scaling = page.locator('svg#scaling-0');
    assert.equal(await scaling.count(), 1);
    const legend = await scaling.locator('.legend').textContent();
    for (const expected of ['contention.atomic-add', 'contention.padded-counter', 'ns_per_op target']) assert.ok(legend?.includes(expected), `${expected}: ${legend}`);
    const trend = page.locator('svg[id^="trend-"]', { hasText: 'contention.atomic-add.ns_per_op over time' });
    assert.equal(await trend.count(), 1);
    assert.ok(await trend.locator('.change-point').count() >= 1, 'the 30 % step is marked');
    for (const chart of [percentiles.first(), scaling, trend]) {
      const box = await chart.boundingBox();
      assert.ok(box !== null && box.width > 300 && box.height > 200, `chart laid out: ${JSON.stringify(box)}`);
    }
  });

  it('holds the report\'s tables: rolling comparison, KPIs, fastest and slowest, change points, results', async () => {
    const headings = await page.locator('h2').allTextContents();
    for (const expected of ['Charts', 'Change against the rolling baseline', 'KPIs', 'Fastest and slowest', 'Change points', 'Results']) {
      assert.ok(headings.includes(expected), `${expected} in ${headings.join(' | ')}`);
    }
    assert.match(await page.locator('body').textContent() ?? '', /±/);
  });

  it('loads nothing else and logs no error, and leaves a screenshot', async () => {
    const file = await saveScreenshot(page, 'report-html');
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [] });
    console.log(`# screenshot: ${file}`);
  });
});
