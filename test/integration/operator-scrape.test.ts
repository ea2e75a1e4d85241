/**
 * The chart's ServiceMonitor and PodMonitor on a real Prometheus, configured as the
 * Prometheus Operator would configure it (test/helpers/operator-scrape-config.ts, ported
 * from the operator's promcfg.go), scraping real vmsoak daemons standing in for pods, one
 * of which is replaced by a new pod on the same node half-way through. The alerts must
 * keep their series across the replacement: a series that changes labels breaks every
 * `offset 1w` comparison (VmsoakTrendRegression) for a week after each rollout.
 *
 * - Two renders of the chart by real helm, in two namespaces: a Deployment scraped through
 *   a ServiceMonitor (with nameOverride, so the release's name is not "vmsoak"), and a
 *   DaemonSet scraped through a PodMonitor. Their meta labels (Service and pod labels,
 *   container and port names) come from the rendered objects, given to Prometheus by
 *   file_sd in place of the Kubernetes API.
 * - node-a's daemon breaches a KPI (an impossible target) and has a history whose earlier
 *   runs were all faster (a regression). node-b's meets easy targets and has no regression.
 *   node-c's pod does not answer (VmsoakDown).
 * - A week ago other pods served node-a and node-b: their series, labelled as Prometheus
 *   labelled those pods' targets (read from a first Prometheus's /api/v1/targets), are
 *   backfilled with promtool, node-a's ten times faster than now, node-b's ten times slower.
 * - Prometheus loads the rendered PrometheusRule's rules, with every `for:` shortened
 *   through the chart's own alertOverrides.
 *
 * Before the replacement and after it, VmsoakKpiBreached, VmsoakRegressionDetected and
 * VmsoakTrendRegression fire for node-a, with the same labels, and never for node-b; the
 * series they read keep their label sets; VmsoakDown fires for node-c.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { resultsLogPath } from '../../src/store/results-log.ts';
import { eventually } from '../daemon/daemon-fixture.ts';
import { CHART_DIR } from '../deploy/chart.ts';
import { render, type K8sObject } from '../deploy/render-chart.ts';
import { spawnDaemon, type DaemonProcess } from '../helpers/daemon-process.ts';
import { helm, HELM_RELEASES, helmSkipReason } from '../helpers/helm.ts';
import { discoveredTarget, monitorScrapeConfig, type SimulatedPod, type SimulatedService } from '../helpers/operator-scrape-config.ts';
import { freeLoopbackPort, prometheusSkipReason, startPrometheus, type PrometheusServer } from '../helpers/prometheus-server.ts';
import { promtoolSkipReason } from '../helpers/promtool.ts';
import { seedHistory } from '../helpers/seeded-history.ts';
import { backfillBlocks, WEEK_MS } from '../helpers/week-old-backfill.ts';

const WORKLOAD = 'tier0.budget-consume';
const KPI = 'ns_per_op';
const TRACKED = ['VmsoakKpiBreached', 'VmsoakRegressionDetected', 'VmsoakTrendRegression'] as const;
const SCRAPE_INTERVAL = '1s';
/** Every alert's `for:`, shortened through prometheusRule.alertOverrides. */
const ALERT_FOR = '1s';
const HELM = HELM_RELEASES[HELM_RELEASES.length - 1];

const skip = prometheusSkipReason() || promtoolSkipReason() || helmSkipReason(HELM);

interface Scenario {
  namespace: string;
  values: Record<string, unknown>;
  controllerKind: SimulatedPod['controllerKind'];
}

const SCENARIOS: readonly Scenario[] = [
  { namespace: 'soak-deploy', values: { mode: 'deployment', replicaCount: 3, nameOverride: 'soak' }, controllerKind: 'ReplicaSet' },
  { namespace: 'soak-ds', values: { mode: 'daemonset', serviceMonitor: { kind: 'PodMonitor' } }, controllerKind: 'DaemonSet' },
];

/** What a scenario's render gives the simulated cluster. */
interface Rendered {
  scenario: Scenario;
  monitor: K8sObject;
  service: SimulatedService;
  podLabels: Record<string, string>;
  containerName: string;
  portName: string;
  controllerName: string;
  ruleGroups: unknown[];
}

function renderScenario(scenario: Scenario, alertNames: readonly string[]): Rendered {
  const values = {
    ...scenario.values,
    serviceMonitor: { enabled: true, ...(scenario.values.serviceMonitor as object | undefined) },
    prometheusRule: { enabled: true, alertOverrides: Object.fromEntries(alertNames.map((name) => [name, { for: ALERT_FOR }])) },
  };
  const objects = render(helm(HELM), { values, namespace: scenario.namespace });
  const monitor = objects.find((object) => object.kind === 'ServiceMonitor' || object.kind === 'PodMonitor');
  const service = objects.find((object) => object.kind === 'Service');
  const workload = objects.find((object) => object.kind === 'DaemonSet' || object.kind === 'Deployment');
  const rule = objects.find((object) => object.kind === 'PrometheusRule');
  assert.ok(monitor && service && workload && rule, `${scenario.namespace}: monitor, Service, workload and PrometheusRule rendered`);
  const template = (workload.spec as { template: { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ name: string; ports: Array<{ name: string }> }> } } }).template;
  const [container] = template.spec.containers;
  return {
    scenario,
    monitor,
    service: { name: service.metadata.name, labels: service.metadata.labels ?? {} },
    podLabels: template.metadata.labels,
    containerName: container.name,
    portName: container.ports[0].name,
    controllerName: workload.kind === 'Deployment' ? `${workload.metadata.name}-5d8f7b9c4` : workload.metadata.name,
    ruleGroups: (rule.spec as { groups: unknown[] }).groups,
  };
}

interface RuleGroup {
  rules: Array<{ alert?: string; expr: string }>;
}

/** The alert names of the chart's rule files, for the `for:` overrides. */
async function chartAlertNames(): Promise<string[]> {
  const directory = path.join(CHART_DIR, 'files/prometheus');
  const names = new Set<string>();
  for (const file of await readdir(directory)) {
    const { groups } = parse(await readFile(path.join(directory, file), 'utf8')) as { groups: RuleGroup[] };
    for (const rule of groups.flatMap((group) => group.rules)) if (rule.alert) names.add(rule.alert);
  }
  return [...names];
}

/** The metric families an alert's expressions read, but the info series it joins on. */
function familiesOf(groups: readonly unknown[], alert: string): Set<string> {
  const exprs = (groups as RuleGroup[]).flatMap((group) => group.rules).filter((rule) => rule.alert === alert).map((rule) => rule.expr);
  return new Set(exprs.flatMap((expr) => [...expr.matchAll(/vmsoak_[a-z0-9_]+/g)].map((match) => match[0])).filter((name) => name !== 'vmsoak_workload_info'));
}

interface PodOnNode {
  /** Pod name suffix, e.g. a1. */
  suffix: string;
  node: string;
  address: string;
}

function simulatedPod(rendered: Rendered, pod: PodOnNode): SimulatedPod {
  return {
    namespace: rendered.scenario.namespace,
    name: `${rendered.controllerName}-${pod.suffix}`,
    nodeName: pod.node,
    address: pod.address,
    labels: rendered.podLabels,
    containerName: rendered.containerName,
    portName: rendered.portName,
    controllerKind: rendered.scenario.controllerKind,
    controllerName: rendered.controllerName,
  };
}

/** Writes a scenario's file_sd file atomically (Prometheus watches it). */
async function publishPods(file: string, rendered: Rendered, pods: readonly PodOnNode[]): Promise<void> {
  const groups = pods.map((pod) => discoveredTarget(rendered.monitor.kind, simulatedPod(rendered, pod), rendered.service));
  await writeFile(`${file}.tmp`, JSON.stringify(groups));
  await rename(`${file}.tmp`, file);
}

function suite(): Record<string, unknown> {
  return { name: 'soak', schedule: '* * * * *', runOnStart: true, workloads: [WORKLOAD], threads: [1], duration: '100ms', warmup: '20ms', seed: 1 };
}

/**
 * Limits no load on the test machine can exceed: every run is judged, one run decides a
 * KPI, and the tier's noise limit never turns a regression into "noisy". What this test
 * checks is what the chart does to the series, not how the daemon weighs noise.
 */
const LENIENT = {
  judgement: { maxOtherCpus: 1e6, maxStealRatio: 1, maxThrottledRatio: 1, maxCpuPressureRatio: 1, maxInvoluntarySwitchesPerSecond: null, maxRunQueueWaitRatio: null, maxSlowCpuShare: null },
  kpiWindow: { runs: 1 },
  baseline: { tiers: { 0: { maxCv: 10 } } },
};

async function passes(daemon: DaemonProcess): Promise<number> {
  const text = await (await fetch(new URL('metrics', daemon.baseUrl))).text();
  return Number(/^vmsoak_suite_runs_total\{suite="soak"\} (\d+)/m.exec(text)?.[1] ?? 0);
}

/** The exposition with every sample of the named families multiplied by `factor`. */
function scaled(text: string, families: ReadonlySet<string>, factor: number): string {
  return text.split('\n').map((line) => {
    const name = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line)?.[1];
    if (name === undefined || !families.has(name)) return line;
    const cut = line.lastIndexOf(' ');
    return `${line.slice(0, cut)} ${Number(line.slice(cut + 1)) * factor}`;
  }).join('\n');
}

interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
}

async function firing(prometheus: PrometheusServer): Promise<PromAlert[]> {
  const body = await (await fetch(`${prometheus.url}/api/v1/alerts`)).json() as { data: { alerts: PromAlert[] } };
  return body.data.alerts.filter((alert) => alert.state === 'firing');
}

interface ActiveTarget {
  labels: Record<string, string>;
  discoveredLabels: Record<string, string>;
  health: string;
  lastScrape: string;
}

async function activeTargets(prometheus: PrometheusServer): Promise<ActiveTarget[]> {
  const body = await (await fetch(`${prometheus.url}/api/v1/targets?state=active`)).json() as { data: { activeTargets: ActiveTarget[] } };
  return body.data.activeTargets;
}

const alertKey = (alert: PromAlert): string => JSON.stringify(Object.entries(alert.labels).sort());

describe('the chart\'s ServiceMonitor and PodMonitor on Prometheus as the operator configures it, across a pod replacement', { skip }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  let work: string;
  let renders: Rendered[];
  let prometheus: PrometheusServer;
  let breach: DaemonProcess;
  let sane: DaemonProcess;
  let deadAddress: string;
  let sdFiles: string[];
  let trendFamilies: Set<string>;
  const before_: { alerts: PromAlert[]; series: string[] } = { alerts: [], series: [] };

  const scrapeConfigs = (files: readonly string[]) => renders.map((rendered, index) => monitorScrapeConfig(rendered.monitor, {
    fileSdPath: files[index], scrapeInterval: SCRAPE_INTERVAL,
  }));

  let lastSeen: PromAlert[] = [];
  const firingSummary = (): string => lastSeen.map((alert) => `${alert.labels.alertname}{namespace=${alert.labels.namespace}, instance=${alert.labels.instance}}`).sort().join(', ');
  /** The firing tracked alerts and VmsoakDown, per namespace, once all are firing. */
  const allFiring = async (): Promise<PromAlert[] | undefined> => {
    const alerts = await firing(prometheus);
    lastSeen = alerts;
    for (const { scenario } of renders) {
      for (const name of TRACKED) {
        if (!alerts.some((alert) => alert.labels.alertname === name && alert.labels.namespace === scenario.namespace && alert.labels.instance === 'node-a')) return undefined;
      }
      if (!alerts.some((alert) => alert.labels.alertname === 'VmsoakDown' && alert.labels.namespace === scenario.namespace && alert.labels.instance === 'node-c')) return undefined;
    }
    return alerts;
  };

  /** Every label set of node-a's series that the tracked alerts read. */
  const nodeASeries = async (): Promise<string[]> => {
    const names = ['vmsoak_kpi_window_value', 'vmsoak_kpi_breached', 'vmsoak_regression_state', 'vmsoak_workload_info', ...trendFamilies];
    const result = await prometheus.query(`{__name__=~"${names.join('|')}", instance="node-a"}`);
    return result.map((sample) => JSON.stringify(Object.entries(sample.metric).sort())).sort();
  };

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-operator-scrape-'));
    cleanups.push(() => rm(work, { recursive: true, force: true }));
    const alertNames = await chartAlertNames();
    renders = SCENARIOS.map((scenario) => renderScenario(scenario, alertNames));
    trendFamilies = familiesOf(renders[0].ruleGroups, 'VmsoakTrendRegression');
    assert.ok(trendFamilies.size > 0, 'the families VmsoakTrendRegression reads');

    // A day of history for each node's data directory, made from a first real pass.
    const breachData = path.join(work, 'node-a-data');
    const saneData = path.join(work, 'node-b-data');
    // Only the impossible KPI breaches: the CV KPI is real noise on this machine, breached in one window and not the next.
    const breachKpis = { [`${WORKLOAD}.${KPI}`]: { target: 1e-6 }, [`${WORKLOAD}.cv`]: { target: 1e12 } };
    const breachConfig = { ...LENIENT, shutdownTimeout: '5s', runTimeout: '60s', dataDir: breachData, suites: [suite()], kpis: breachKpis };
    const saneConfig = { ...LENIENT, shutdownTimeout: '5s', runTimeout: '60s', dataDir: saneData, suites: [suite()], kpis: { [`${WORKLOAD}.${KPI}`]: { target: 1e12 }, [`${WORKLOAD}.cv`]: { target: 1e12 } } };
    const first = await Promise.all([spawnDaemon(breachConfig), spawnDaemon(saneConfig)]);
    for (const daemon of first) cleanups.push(() => daemon.stop());
    await Promise.all(first.map((daemon) => eventually(async () => ((await passes(daemon)) >= 1 ? true : undefined), 'a first pass', 110_000, 500)));
    await Promise.all(first.map((daemon) => daemon.stop()));
    // node-a: every earlier run ten times as fast as today's, a regression no run-to-run
    // spread on a busy machine can hide; node-b: ten times as slow, which none can turn into one.
    await seedHistory(resultsLogPath(breachData), { copies: 12, spacingMs: 10 * 60_000, stepFactor: 0.1, newerFactor: 0.1 });
    await seedHistory(resultsLogPath(saneData), { copies: 12, spacingMs: 10 * 60_000, stepFactor: 10, newerFactor: 10 });
    [breach, sane] = await Promise.all([spawnDaemon(breachConfig), spawnDaemon(saneConfig)]);
    cleanups.push(() => breach.stop(), () => sane.stop());
    await Promise.all([breach, sane].map((daemon) => eventually(async () => ((await passes(daemon)) >= 1 ? true : undefined), 'a pass after the restart', 110_000, 500)));

    // A week ago other pods served node-a and node-b: how Prometheus labelled their targets.
    deadAddress = `127.0.0.1:${await freeLoopbackPort()}`;
    const weekOld: PodOnNode[] = [
      { suffix: 'old-a0', node: 'node-a', address: `127.0.0.1:${await freeLoopbackPort()}` },
      { suffix: 'old-b0', node: 'node-b', address: `127.0.0.1:${await freeLoopbackPort()}` },
    ];
    const discoveryFiles = renders.map((_, index) => path.join(work, `discovery-${index}.json`));
    for (const [index, rendered] of renders.entries()) await publishPods(discoveryFiles[index], rendered, weekOld);
    const discovery = await startPrometheus([], { scrapeConfigs: scrapeConfigs(discoveryFiles) });
    cleanups.push(() => discovery.stop());
    const oldTargets = await eventually(async () => {
      const targets = await activeTargets(discovery);
      return targets.length === renders.length * weekOld.length ? targets : undefined;
    }, 'the week-old pods\' targets', 30_000, 200);
    await discovery.stop();

    const texts = {
      // Factors far beyond the run-to-run spread of a latency on a busy machine.
      'node-a': scaled(await (await fetch(new URL('metrics', breach.baseUrl))).text(), trendFamilies, 0.1),
      'node-b': scaled(await (await fetch(new URL('metrics', sane.baseUrl))).text(), trendFamilies, 10),
    };
    const scrapes = oldTargets.map((target) => ({ text: texts[target.discoveredLabels.__meta_kubernetes_pod_node_name as 'node-a' | 'node-b'], labels: target.labels }));

    sdFiles = renders.map((_, index) => path.join(work, `pods-${index}.json`));
    const pods: PodOnNode[] = [
      { suffix: 'a1', node: 'node-a', address: breach.address },
      { suffix: 'b1', node: 'node-b', address: sane.address },
      { suffix: 'c1', node: 'node-c', address: deadAddress },
    ];
    for (const [index, rendered] of renders.entries()) await publishPods(sdFiles[index], rendered, pods);
    const ruleFile = path.join(work, 'rules.yaml');
    // One release's rules: the operator would load each PrometheusRule, and vmsoak is installed once.
    await writeFile(ruleFile, stringify({ groups: renders[0].ruleGroups }));
    const now = Date.now();
    prometheus = await startPrometheus([], {
      scrapeConfigs: scrapeConfigs(sdFiles),
      ruleFiles: [ruleFile],
      prepareDataDir: (dataDir) => backfillBlocks(scrapes, { fromMs: now - WEEK_MS - 65 * 60_000, toMs: now - WEEK_MS + 5 * 60_000, stepMs: 60_000 }, dataDir, work),
    });
    cleanups.push(() => prometheus.stop());
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('labels every target job="vmsoak", instance=<node>, without pod, container or endpoint, whatever the release is called', async () => {
    const targets = await eventually(async () => {
      const active = await activeTargets(prometheus);
      return active.length === renders.length * 3 ? active : undefined;
    }, 'every target', 30_000, 200);
    for (const target of targets) {
      assert.equal(target.labels.job, 'vmsoak', JSON.stringify(target.labels));
      assert.equal(target.labels.instance, target.discoveredLabels.__meta_kubernetes_pod_node_name);
      for (const label of ['pod', 'container', 'endpoint']) assert.equal(target.labels[label], undefined, `${label} in ${JSON.stringify(target.labels)}`);
    }
  });

  it('fires VmsoakKpiBreached, VmsoakRegressionDetected and VmsoakTrendRegression for node-a and VmsoakDown for the dead pod, in both namespaces', async () => {
    before_.alerts = await eventually(allFiring, 'the alerts to fire', 60_000, 500).catch(async (error: Error) => {
      const own = (await (await fetch(new URL('metrics', breach.baseUrl))).text()).split('\n').filter((line) => /^vmsoak_(regression_state|kpi_breached)/.test(line));
      return assert.fail(`${error.message}; firing: ${firingSummary()}; node-a's own metrics: ${own.join(' ')}`);
    });
    before_.series = await nodeASeries();
    assert.ok(before_.series.length > 0);
  });

  it('keeps the series and the alerts of node-a when a new pod replaces the old one on the node', async () => {
    assert.ok(before_.alerts.length > 0, 'the alerts fired before the replacement');
    // As Kubernetes does: the terminating pod leaves the Endpoints (and the pod list's
    // running pods) first, then it is stopped, then its replacement is scheduled.
    const others: PodOnNode[] = [{ suffix: 'b1', node: 'node-b', address: sane.address }, { suffix: 'c1', node: 'node-c', address: deadAddress }];
    for (const [index, rendered] of renders.entries()) await publishPods(sdFiles[index], rendered, others);
    await eventually(async () => ((await activeTargets(prometheus)).some((target) => target.labels.instance === 'node-a') ? undefined : true), 'the old pod\'s targets to go', 30_000, 200);
    await breach.stop();
    const replacement = await spawnDaemon({ ...LENIENT, shutdownTimeout: '5s', runTimeout: '60s', dataDir: path.join(work, 'node-a-data'), suites: [suite()], kpis: { [`${WORKLOAD}.${KPI}`]: { target: 1e-6 }, [`${WORKLOAD}.cv`]: { target: 1e12 } } });
    cleanups.push(() => replacement.stop());
    for (const [index, rendered] of renders.entries()) {
      await publishPods(sdFiles[index], rendered, [{ suffix: 'a2', node: 'node-a', address: replacement.address }, ...others]);
    }
    // The new pod has run a pass and Prometheus has scraped it since.
    await eventually(async () => ((await passes(replacement)) >= 1 ? true : undefined), 'the new pod\'s first pass', 110_000, 500);
    const passDone = Date.now();
    await eventually(async () => {
      const targets = (await activeTargets(prometheus)).filter((target) => target.discoveredLabels.__meta_kubernetes_pod_name?.endsWith('-a2'));
      return targets.length === renders.length && targets.every((target) => target.health === 'up' && Date.parse(target.lastScrape) > passDone) ? true : undefined;
    }, 'Prometheus to scrape the new pod after its pass', 30_000, 200);
    assert.deepEqual(await nodeASeries(), before_.series, 'node-a\'s series keep their label sets');
    const after_ = await eventually(allFiring, 'the alerts to fire after the replacement', 60_000, 500).catch(async (error: Error) => {
      const own = (await (await fetch(new URL('metrics', replacement.baseUrl))).text()).split('\n').filter((line) => /^vmsoak_(regression_state|kpi_breached)/.test(line));
      return assert.fail(`${error.message}; firing: ${firingSummary()}; the new pod's own metrics: ${own.join(' ')}`);
    });
    const keys = (alerts: PromAlert[]) => alerts.filter((alert) => alert.labels.instance === 'node-a' && (TRACKED as readonly string[]).includes(alert.labels.alertname)).map(alertKey).sort();
    assert.deepEqual(keys(after_), keys(before_.alerts), 'the same alerts, with the same labels');
  });

  it('never fires the tracked alerts for node-b, whose targets are met and whose latency fell', async () => {
    const ever = await prometheus.query(`count_over_time(ALERTS{alertname=~"${TRACKED.join('|')}", instance="node-b"}[1h])`);
    assert.deepEqual(ever, []);
    const down = await prometheus.query('count_over_time(ALERTS{alertname="VmsoakDown", instance=~"node-a|node-b"}[1h])');
    assert.deepEqual(down, []);
  });
});
