/**
 * The chart rendered for real by `helm template`, every ci/*-values.yaml, each object
 * validated against the Kubernetes and Prometheus Operator schemas (kubernetes-models),
 * and what each values file is for checked on the objects. Needs a helm binary on PATH:
 * neither the npm registry nor Debian packages one, so where helm is not installed the
 * suite is skipped with that reason.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { validateConfig } from '../../src/config/load.ts';
import { CHART_DIR, ciValuesFiles, isMapping } from './chart.ts';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

interface PodSpec {
  terminationGracePeriodSeconds: number;
  automountServiceAccountToken: boolean;
  containers: Array<{ resources: { requests?: Record<string, unknown>; limits?: Record<string, unknown> }; volumeMounts: Array<{ name: string; subPathExpr?: string }> }>;
  volumes: Array<{ name: string; persistentVolumeClaim?: unknown; emptyDir?: unknown; secret?: { secretName: string } }>;
}

interface AlertRule {
  alert?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function onPath(binary: string): string | null {
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(directory, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const HELM = onPath('helm');
const SKIP = HELM === null
  ? 'helm is not installed (searched: npm registry and Debian packages have no helm binary; install helm to run these)'
  : false;

/** The kubernetes-models class for an object, by apiVersion and kind. */
async function modelFor(object: K8sObject): Promise<new (data: unknown) => { validate(): void }> {
  const modulePath = object.apiVersion.startsWith('monitoring.coreos.com/')
    ? `@kubernetes-models/prometheus-operator/${object.apiVersion}/${object.kind}`
    : `kubernetes-models/${object.apiVersion}/${object.kind}`;
  const module = await import(modulePath) as Record<string, new (data: unknown) => { validate(): void }>;
  const model = module[object.kind];
  assert.ok(model, `${modulePath} exports no ${object.kind}`);
  return model;
}

function render(valuesFile: string): K8sObject[] {
  assert.ok(HELM);
  const args = ['template', 'vmsoak', CHART_DIR, '--namespace', 'vmsoak', '-f', valuesFile, '--api-versions', 'monitoring.coreos.com/v1'];
  const text = execFileSync(HELM, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(text).map((document) => document.toJS() as K8sObject | null).filter((object): object is K8sObject => object !== null);
}

function podSpec(objects: K8sObject[]): PodSpec {
  const workload = objects.find((object) => object.kind === 'DaemonSet' || object.kind === 'Deployment');
  assert.ok(workload, 'no DaemonSet or Deployment');
  return ((workload.spec as { template: { spec: PodSpec } }).template.spec);
}

function alertRules(objects: K8sObject[]): AlertRule[] {
  const rule = objects.find((object) => object.kind === 'PrometheusRule');
  assert.ok(rule, 'no PrometheusRule');
  return (rule.spec as { groups: Array<{ rules: AlertRule[] }> }).groups.flatMap((group) => group.rules).filter((entry) => entry.alert);
}

describe('helm template', () => {
  const rendered = new Map<string, K8sObject[]>();
  for (const name of ciValuesFiles().keys()) {
    it(`renders ci/${name} into objects the Kubernetes and Prometheus Operator schemas accept`, { skip: SKIP }, async () => {
      const file = path.join(CHART_DIR, 'ci', name);
      execFileSync(HELM ?? 'helm', ['lint', '--strict', CHART_DIR, '-f', file], { encoding: 'utf8' });
      const objects = render(file);
      rendered.set(name, objects);
      assert.ok(objects.length > 0);
      for (const object of objects) {
        const Model = await modelFor(object);
        assert.doesNotThrow(() => new Model(object).validate(), `${object.kind}/${object.metadata.name}`);
      }
      const configMap = objects.find((object) => object.kind === 'ConfigMap' && object.data?.['vmsoak.yaml'] !== undefined);
      assert.ok(configMap, 'the daemon config ConfigMap');
      const config = validateConfig((parseAllDocuments(configMap.data?.['vmsoak.yaml'] ?? '')[0]).toJS());
      const pod = podSpec(objects);
      assert.ok(pod.terminationGracePeriodSeconds * 1000 > config.shutdownTimeout, 'grace period longer than the shutdown timeout');
      assert.equal(pod.automountServiceAccountToken, false);
    });
  }

  it('renders a DaemonSet with emptyDir data by default', { skip: SKIP }, () => {
    const objects = rendered.get('default-values.yaml') ?? [];
    assert.deepEqual(objects.filter((object) => ['DaemonSet', 'Deployment'].includes(object.kind)).map((object) => object.kind), ['DaemonSet']);
    assert.ok(podSpec(objects).volumes.some((volume) => volume.name === 'data' && volume.emptyDir !== undefined));
  });

  it('renders a Deployment with Guaranteed QoS on whole cores in deployment mode', { skip: SKIP }, () => {
    const objects = rendered.get('deployment-values.yaml') ?? [];
    const [container] = podSpec(objects).containers;
    assert.deepEqual(container.resources.requests, container.resources.limits);
    assert.ok(Number.isInteger(Number(container.resources.limits?.cpu)));
  });

  it('puts dataDir on a claim, one subdirectory per node, with persistence on', { skip: SKIP }, () => {
    const objects = rendered.get('persistence-values.yaml') ?? [];
    assert.ok(objects.some((object) => object.kind === 'PersistentVolumeClaim'));
    const pod = podSpec(objects);
    assert.ok(pod.volumes.some((volume) => volume.name === 'data' && volume.persistentVolumeClaim !== undefined));
    assert.ok(pod.containers[0].volumeMounts.some((mount) => mount.name === 'data' && mount.subPathExpr === '$(NODE_NAME)'));
  });

  it('renders no operator objects and no dashboards with monitoring off', { skip: SKIP }, () => {
    const kinds = (rendered.get('monitoring-off-values.yaml') ?? []).map((object) => object.kind);
    assert.ok(!kinds.includes('ServiceMonitor') && !kinds.includes('PrometheusRule'));
    assert.ok(!(rendered.get('monitoring-off-values.yaml') ?? []).some((object) => object.metadata.labels?.grafana_dashboard === '1'));
  });

  it('applies alert overrides, extra labels and the runbook base URL, and ships every dashboard', { skip: SKIP }, () => {
    const objects = rendered.get('operator-values.yaml') ?? [];
    const rules = alertRules(objects);
    const breached = rules.filter((rule) => rule.alert === 'VmsoakKpiBreached');
    assert.ok(breached.length > 0);
    for (const rule of breached) assert.deepEqual([rule.for, rule.labels?.severity], ['30m', 'warning']);
    assert.ok(!rules.some((rule) => rule.alert === 'VmsoakNoisyMeasurements'));
    for (const rule of rules) {
      assert.equal(rule.labels?.team, 'runtime');
      assert.match(rule.annotations?.runbook_url ?? '', /^https:\/\//);
    }
    const monitor = objects.find((object) => object.kind === 'ServiceMonitor');
    assert.equal(monitor?.metadata.labels?.release, 'monitoring');
    const dashboards = objects.filter((object) => object.metadata.labels?.grafana_dashboard === '1');
    for (const dashboard of dashboards) {
      for (const [name, json] of Object.entries(dashboard.data ?? {})) {
        const file = readFileSync(path.join(CHART_DIR, 'files/dashboards', name), 'utf8');
        assert.equal(json, file.replace(/\n$/, ''), `${name} is shipped unchanged`);
        assert.ok(isMapping(JSON.parse(json)));
      }
    }
    assert.ok(dashboards.length > 0);
  });

  it('mounts the web config and certificate Secrets, passes --web.config.file, probes and scrapes over HTTPS', { skip: SKIP }, () => {
    const objects = rendered.get('web-config-values.yaml') ?? [];
    const pod = podSpec(objects) as PodSpec & {
      containers: Array<{ args: string[]; livenessProbe: { httpGet: { scheme?: string } }; readinessProbe: { httpGet: { scheme?: string } } }>;
      volumes: Array<{ name: string; secret?: { secretName: string } }>;
    };
    const [container] = pod.containers;
    assert.deepEqual(container.args.slice(-3), ['--web.config.file', '/etc/vmsoak/web/web-config.yml', '--web.exempt-probes']);
    assert.deepEqual([container.livenessProbe.httpGet.scheme, container.readinessProbe.httpGet.scheme], ['HTTPS', 'HTTPS']);
    const secrets = Object.fromEntries(pod.volumes.filter((volume) => volume.secret).map((volume) => [volume.name, volume.secret?.secretName]));
    assert.deepEqual(secrets, { 'web-config': 'vmsoak-web-config', 'cert-secret-0': 'vmsoak-tls' });
    const mounts = pod.containers[0].volumeMounts as Array<{ name: string; mountPath?: string; subPath?: string }>;
    assert.equal(mounts.find((mount) => mount.name === 'cert-secret-0')?.mountPath, '/etc/vmsoak/secrets/vmsoak-tls');
    assert.ok(!mounts.some((mount) => mount.name.startsWith('cert-secret') && mount.subPath), 'no subPath: renewals must reach the pod');
    const monitor = objects.find((object) => object.kind === 'ServiceMonitor');
    const [endpoint] = (monitor?.spec as { endpoints: Array<{ scheme?: string; tlsConfig?: unknown; basicAuth?: unknown }> }).endpoints;
    assert.equal(endpoint.scheme, 'https');
    assert.ok(endpoint.tlsConfig !== undefined && endpoint.basicAuth !== undefined);
  });
});
