/**
 * The generated dashboards and rules against a real Prometheus (Debian's package) and real
 * vmsoak daemons:
 *
 * - Daemon "breach" runs, at one thread count each, one workload of every panel that shows
 *   particular workloads (the generator says which), with a short schedule and short runs,
 *   and an impossible target on one KPI. Daemon "sane" runs that KPI's workload with a
 *   target it meets easily.
 * - A real scrape of each daemon is backfilled one week into the past with promtool, so
 *   the week-over-week panel (offset 1w) has history to read.
 * - Prometheus scrapes both every second and loads the generated rules, generated again by
 *   the same code with every `for:` shortened.
 * - Every expression of every dashboard panel, with the template variables substituted as
 *   Grafana would for "All", must evaluate without error to a non-empty result;
 *   VmsoakKpiBreached must fire for the impossible target and never for the sane one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { generateDashboards, generateRuleFiles } from '../../src/generate/artifacts.ts';
import type { GeneratedDashboard } from '../../src/generate/dashboard-frame.ts';
import { ALL_VALUE, VARIABLE_QUERIES } from '../../src/generate/variables.ts';
import { resultsLogPath } from '../../src/store/results-log.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { loadCatalog, type LoadedWorkload } from '../../src/workloads/registry.ts';
import { eventually } from '../daemon/daemon-fixture.ts';
import { spawnDaemon, type DaemonProcess } from '../helpers/daemon-process.ts';
import { prometheusSkipReason, startPrometheus, type PrometheusServer } from '../helpers/prometheus-server.ts';
import { promtoolSkipReason } from '../helpers/promtool.ts';
import { seedHistory } from '../helpers/seeded-history.ts';
import { backfillBlocks, WEEK_MS } from '../helpers/week-old-backfill.ts';

const JOB = 'vmsoak';
/** The shortened `for:` of every alert. */
const ALERT_FOR = '2s';
/** Grafana's $__rate_interval for a 15 s scrape interval (its default assumption): 4 × 15 s. */
const RATE_INTERVAL = '1m';
const RANGE = '1h';
/** The seeded history: copies of each real run, ten minutes apart, the older half 30 % slower (a step). */
const SEED = { copies: 12, spacingMs: 10 * 60_000, stepFactor: 1.3 };

const skip = prometheusSkipReason() || promtoolSkipReason();
const FAILING_MODULE = path.resolve(import.meta.dirname, '../fixtures/workloads/throws.ts');
const FAILING_WORKLOAD = 'fixture.throws';
const QUERY_VARIABLES = new Set(Object.keys(VARIABLE_QUERIES));
const LAX_JUDGEMENT = (parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/lax-judgement.yaml'), 'utf8')) as { judgement: object }).judgement;

interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

/**
 * The expression as Grafana sends it with every query variable on "All". Like Grafana, a
 * `$name` that is no variable stays as it is (label_replace's `$1`); a `$name` that looks
 * like a variable but is none of the dashboard's is a mistake in the generator.
 */
function substituteVariables(expr: string): string {
  const substituted = expr
    .replaceAll('$__rate_interval', RATE_INTERVAL)
    .replaceAll('$__range', RANGE)
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => (QUERY_VARIABLES.has(braced ?? bare ?? '') ? ALL_VALUE : whole));
  const unknown = /\$\{?[A-Za-z_]\w*/.exec(substituted);
  if (unknown !== null) throw new Error(`unknown variable ${unknown[0]} in ${expr}`);
  return substituted;
}

function panelQueries(dashboards: readonly GeneratedDashboard[]): PanelQuery[] {
  return dashboards.flatMap(({ file, model }) => (model.panels ?? [])
    .filter((panel) => panel.type !== 'row')
    .flatMap((panel) => ((panel as { targets?: Array<{ refId?: string; expr?: string }> }).targets ?? [])
      .map((target) => ({ dashboard: file, panel: (panel as { title?: string }).title ?? '', refId: target.refId ?? '', expr: target.expr ?? '' }))));
}

/** The smallest thread count of the workload's own list that is 2 or more (fairness needs two), else its smallest. */
function threadsFor(workload: Workload): number {
  const allowed = workload.params.threads.filter((threads) => threads >= (workload.minThreads ?? 1) && threads <= (workload.maxThreads ?? Infinity));
  const sorted = [...allowed].sort((a, b) => a - b);
  return sorted.find((threads) => threads >= 2) ?? sorted[0];
}

/** One workload of every panel that names its workloads: the first the catalog lists. */
function coveringWorkloads(dashboards: readonly GeneratedDashboard[], catalog: readonly LoadedWorkload[]): Workload[] {
  const names = new Set(dashboards.flatMap((dashboard) => dashboard.panels.map((panel) => panel.workloads[0]).filter((name) => name !== undefined)));
  return catalog.map((entry) => entry.workload).filter((workload) => names.has(workload.name));
}

/**
 * Targets every run meets: lower-is-better KPIs at 10^12 of their unit (10^12 ns is a
 * quarter of an hour), higher-is-better ones at 0. The defaults are not used because a
 * loaded 2-core machine can miss them for real (contention at 2 threads, say).
 */
function saneTargets(workload: Workload): Record<string, { target: number }> {
  return Object.fromEntries(workload.kpis.map((kpi) => [`${workload.name}.${kpi.name}`, { target: kpi.direction === 'max' ? 1e12 : 0 }]));
}

/** A suite per thread count, so every workload runs exactly once per pass at its own count. */
function suitesFor(workloads: readonly Workload[]): Array<Record<string, unknown>> {
  const byThreads = new Map<number, string[]>();
  for (const workload of workloads) {
    const threads = threadsFor(workload);
    byThreads.set(threads, [...(byThreads.get(threads) ?? []), workload.name]);
  }
  return [...byThreads.entries()].map(([threads, names]) => ({
    name: `threads-${threads}`,
    // Every minute: a short schedule, and no second pass of a suite while the test looks.
    schedule: '* * * * *',
    runOnStart: true,
    workloads: names,
    threads: [threads],
    duration: '100ms',
    warmup: '20ms',
    seed: 1,
  }));
}

async function suitesCompleted(daemon: DaemonProcess, suites: number): Promise<true | undefined> {
  const text = await (await fetch(new URL('metrics', daemon.baseUrl))).text();
  const passes = [...text.matchAll(/^vmsoak_suite_runs_total\{suite="[^"]+"\} (\d+)/gm)].map((match) => Number(match[1]));
  return passes.length === suites && passes.every((count) => count >= 1) ? true : undefined;
}

interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
}

async function alerts(prometheus: PrometheusServer): Promise<PromAlert[]> {
  const body = await (await fetch(`${prometheus.url}/api/v1/alerts`)).json() as { data: { alerts: PromAlert[] } };
  return body.data.alerts;
}

describe('generated dashboards and alerts against a live Prometheus', { skip }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  let dashboards: GeneratedDashboard[];
  let prometheus: PrometheusServer;
  let breach: DaemonProcess;
  let sane: DaemonProcess;
  let impossible: { workload: string; kpi: string; severity: string; threads: number };

  before(async () => {
    const catalog = await loadCatalog();
    dashboards = generateDashboards(catalog);
    const covering = coveringWorkloads(dashboards, catalog);
    const target = covering.find((workload) => workload.kpis.some((kpi) => kpi.direction === 'max'));
    assert.ok(target, 'a covering workload with a lower-is-better KPI');
    const kpi = target.kpis.find((candidate) => candidate.direction === 'max')!;
    impossible = { workload: target.name, kpi: kpi.name, severity: kpi.severity, threads: threadsFor(target) };
    const kpiKey = `${target.name}.${kpi.name}`;

    const work = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-live-'));
    cleanups.push(() => rm(work, { recursive: true, force: true }));
    // Every run judged, however busy this machine is: the KPI windows, the fleet panel and
    // VmsoakKpiBreached need judged runs (the judgement is tested in test/run/).
    const common = { shutdownTimeout: '5s', runTimeout: '60s', judgement: LAX_JUDGEMENT };
    // A workload that always fails: the failure counters appear with a failure (default
    // metrics detail), and the runs-and-failures panel has one to show.
    const failing = {
      name: 'failing', schedule: '* * * * *', runOnStart: true, workloads: [FAILING_WORKLOAD], threads: [1], duration: '100ms', warmup: '20ms', seed: 1,
    };
    const suites = [...suitesFor(covering), failing];
    const breachConfig = {
      ...common, dataDir: path.join(work, 'breach-data'), suites, kpis: { [kpiKey]: { target: 1e-6 } }, workloadModules: [FAILING_MODULE],
    };
    // No KPI in vmsoak's units can be at or below 1e-6 of its unit: the breach is certain.
    const firstBreach = await spawnDaemon(breachConfig);
    cleanups.push(() => firstBreach.stop());
    [sane] = await Promise.all([
      // The same workload, every KPI with a target no run can miss.
      spawnDaemon({ ...common, suites: suitesFor([target]), kpis: saneTargets(target) }),
      // Polled twice a second: a scrape is cheap, but not free for the runs it would interrupt.
      eventually(() => suitesCompleted(firstBreach, suites.length), 'the breach daemon\'s first passes', 110_000, 500),
    ]);
    cleanups.push(() => sane.stop());
    // The Trends panels need what a day-old daemon has: a rolling baseline and a change point.
    // Its own real runs, repeated into the past with a step, give it that after a restart.
    await firstBreach.stop();
    await seedHistory(resultsLogPath(breachConfig.dataDir), SEED);
    breach = await spawnDaemon(breachConfig);
    cleanups.push(() => breach.stop());
    await Promise.all([
      eventually(() => suitesCompleted(breach, suites.length), 'the breach daemon\'s passes after the restart', 110_000, 500),
      eventually(() => suitesCompleted(sane, 1), 'the sane daemon\'s first pass', 110_000, 500),
    ]);
    const scrapes = await Promise.all([breach, sane].map(async (daemon) => ({
      text: await (await fetch(new URL('metrics', daemon.baseUrl))).text(),
      labels: { job: JOB, instance: daemon.address },
    })));

    const ruleFiles: string[] = [];
    for (const file of generateRuleFiles(catalog, { forOverride: ALERT_FOR, job: JOB })) {
      const written = path.join(work, path.basename(file.path));
      await writeFile(written, file.content);
      ruleFiles.push(written);
    }
    const now = Date.now();
    prometheus = await startPrometheus(
      [breach, sane].map((daemon) => ({ job: JOB, address: daemon.address, metricsPath: '/metrics' })),
      {
        ruleFiles,
        // The hour before "now minus a week" and a few minutes after, a sample a minute.
        prepareDataDir: (dataDir) => backfillBlocks(scrapes, { fromMs: now - WEEK_MS - 65 * 60_000, toMs: now - WEEK_MS + 5 * 60_000, stepMs: 60_000 }, dataDir, work),
      },
    );
    cleanups.push(() => prometheus.stop());
    // Ingested, and scraped at least twice, so increase() over the rate interval has two samples.
    await eventually(async () => {
      const series = await prometheus.query(`count_over_time(vmsoak_build_info{job="${JOB}"}[${RATE_INTERVAL}]) >= 2`);
      return series.length === 2 ? true : undefined;
    }, 'Prometheus to scrape both daemons twice', 30_000, 250);
  });

  after(async () => {
    // Every process and directory, even when `before` failed half-way.
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('evaluates every expression of every dashboard panel to a non-empty result', async (t) => {
    const queries = panelQueries(dashboards);
    assert.ok(queries.length >= 20, `only ${queries.length} expressions found`);
    for (const query of queries) {
      await t.test(`${query.dashboard} / ${query.panel} (${query.refId})`, async () => {
        const result = await prometheus.query(substituteVariables(query.expr));
        assert.ok(result.length > 0, `empty result of ${query.expr}`);
        // A panel that adds rows with `or` (the scaling table's target rows) must have data in
        // every branch: the targets alone exist before any run.
        const branches = query.expr.split('\nor ');
        for (const branch of branches.length > 1 ? branches : []) {
          assert.ok((await prometheus.query(substituteVariables(branch))).length > 0, `empty branch ${branch}`);
        }
      });
    }
  });

  it('reads a week-old hour for the week-over-week panel, from the backfilled blocks', async () => {
    const weekAgo = await prometheus.query(`vmsoak_workload_latency_last_seconds{statistic="p99"} offset 1w`);
    assert.ok(weekAgo.length > 0, 'no series one week back: the backfill did not load');
    const ratio = await prometheus.query('instance_workload_threads:vmsoak_workload_latency_p99_seconds:ratio_avg_over_time1h_offset1w');
    assert.ok(ratio.length > 0);
    // Both hours hold real runs' p99 (the week-old one a repeated scrape): a positive, finite ratio.
    // Series whose week-old p99 was 0 (a GC workload that saw no pause) are left out by the rule.
    for (const sample of ratio) assert.ok(Number(sample.value[1]) > 0 && Number.isFinite(Number(sample.value[1])), JSON.stringify(sample));
  });

  it('finds values for every template variable', async () => {
    for (const [name, definition] of Object.entries(VARIABLE_QUERIES)) {
      const match = /^label_values\((.*), (\w+)\)$/.exec(definition);
      assert.ok(match, definition);
      const [, selector, label] = match;
      const url = `${prometheus.url}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': substituteVariables(selector) })}`;
      const body = await (await fetch(url)).json() as { status: string; data: string[] };
      assert.equal(body.status, 'success', name);
      assert.ok(body.data.length > 0, `variable ${name}: no values for ${selector}`);
    }
  });

  it('fires VmsoakKpiBreached for the impossible target, with the catalog\'s severity', async () => {
    const firing = await eventually(async () => (await alerts(prometheus)).find((alert) => alert.labels.alertname === 'VmsoakKpiBreached'
      && alert.state === 'firing' && alert.labels.instance === breach.address
      && alert.labels.workload === impossible.workload && alert.labels.kpi === impossible.kpi), 'VmsoakKpiBreached to fire', 30_000, 250);
    assert.equal(firing.labels.severity, impossible.severity);
    assert.equal(firing.labels.threads, String(impossible.threads));
  });

  it('never fires VmsoakKpiBreached, nor the daemon alerts, for the sane config', async () => {
    // By now the breach has fired (the test above), so a breach of the sane daemon would have
    // had as long; wait out one more `for:` to be sure.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // ALERTS has a sample for every evaluation an alert was pending or firing: its history over
    // the whole test says "never", not just "not now". The breach daemon's shows it would see one.
    const ever = (instance: string) => prometheus.query(`count_over_time(ALERTS{alertname="VmsoakKpiBreached", instance="${instance}"}[10m])`);
    assert.ok((await ever(breach.address)).length > 0);
    assert.deepEqual(await ever(sane.address), []);
    const all = await alerts(prometheus);
    // The breach daemon's failing workload may set off VmsoakRunsFailing there, never here.
    for (const name of ['VmsoakDown', 'VmsoakDaemonStalled', 'VmsoakRunsFailing']) {
      assert.deepEqual(all.filter((alert) => alert.labels.alertname === name && alert.labels.instance === sane.address), [], name);
    }
    assert.deepEqual(all.filter((alert) => alert.labels.alertname === 'VmsoakDown' || alert.labels.alertname === 'VmsoakDaemonStalled'), []);
  });
});
