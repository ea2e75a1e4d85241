/**
 * The chart rendered for real by `helm template`, with helm 3 and with helm 4, for every
 * ci/*-values.yaml: `helm lint --strict` passes, helm 3 and helm 4 render the same bytes,
 * each object passes the Kubernetes and Prometheus Operator schemas (kubernetes-models) and
 * the strict field check (test/deploy/strict-objects.ts: no field the API does not know),
 * and what each values file is for is checked on the objects. The helm binaries come from
 * `npm run setup:helm`; without them the suite is skipped with that reason, except under CI.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { validateConfig } from '../../src/config/load.ts';
import { helm, HELM_RELEASES, helmSkipReason, type HelmRelease } from '../helpers/helm.ts';
import { CHART_DIR, ciValuesFiles, isMapping } from './chart.ts';
import { parseObjects, renderText, type K8sObject } from './render-chart.ts';
import { strictProblems } from './strict-objects.ts';

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

/** helm template output by helm major version and ci file name, for the byte comparison. */
const outputs = new Map<number, Map<string, string>>();

for (const release of HELM_RELEASES) describeRender(release);

describe('helm 3 and helm 4', { skip: HELM_RELEASES.map(helmSkipReason).find((reason) => reason !== false) ?? false }, () => {
  it('render every ci values file to the same bytes', () => {
    const [three, four] = HELM_RELEASES.map((release) => outputs.get(release.major));
    assert.ok(three && four && three.size > 0, 'both render suites ran first');
    assert.deepEqual([...four.keys()], [...three.keys()]);
    for (const [name, text] of three) assert.equal(four.get(name), text, `ci/${name}`);
  });
});

function describeRender(release: HelmRelease): void {
  describe(`helm ${release.helmVersion} template`, { skip: helmSkipReason(release) }, () => {
    const rendered = new Map<string, K8sObject[]>();
    const texts = new Map<string, string>();
    outputs.set(release.major, texts);
    for (const name of ciValuesFiles().keys()) {
      it(`lints and renders ci/${name} into objects the Kubernetes and Prometheus Operator schemas accept`, async () => {
        const binary = helm(release);
        const file = path.join(CHART_DIR, 'ci', name);
        binary.run(['lint', '--strict', CHART_DIR, '-f', file]);
        const text = renderText(binary, { valuesFiles: [file] });
        texts.set(name, text);
        const objects = parseObjects(text);
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

    it('renders no field the Kubernetes API or the operator\'s CRDs do not declare, in any object of any ci values file', () => {
      const objects = [...rendered.values()].flat();
      assert.ok(objects.length > 0, 'the ci values files rendered first');
      assert.deepEqual(strictProblems(objects), []);
    });

    it('renders a DaemonSet with emptyDir data by default', () => {
      const objects = rendered.get('default-values.yaml') ?? [];
      assert.deepEqual(objects.filter((object) => ['DaemonSet', 'Deployment'].includes(object.kind)).map((object) => object.kind), ['DaemonSet']);
      assert.ok(podSpec(objects).volumes.some((volume) => volume.name === 'data' && volume.emptyDir !== undefined));
    });

    it('renders a Deployment with Guaranteed QoS on whole cores in deployment mode', () => {
      const objects = rendered.get('deployment-values.yaml') ?? [];
      const [container] = podSpec(objects).containers;
      assert.deepEqual(container.resources.requests, container.resources.limits);
      assert.ok(Number.isInteger(Number(container.resources.limits?.cpu)));
    });

    it('puts dataDir on a claim, one subdirectory per node, with persistence on', () => {
      const objects = rendered.get('persistence-values.yaml') ?? [];
      assert.ok(objects.some((object) => object.kind === 'PersistentVolumeClaim'));
      const pod = podSpec(objects);
      assert.ok(pod.volumes.some((volume) => volume.name === 'data' && volume.persistentVolumeClaim !== undefined));
      assert.ok(pod.containers[0].volumeMounts.some((mount) => mount.name === 'data' && mount.subPathExpr === '$(NODE_NAME)'));
    });

    it('renders no operator objects and no dashboards with monitoring off', () => {
      const kinds = (rendered.get('monitoring-off-values.yaml') ?? []).map((object) => object.kind);
      assert.ok(!kinds.includes('ServiceMonitor') && !kinds.includes('PrometheusRule'));
      assert.ok(!(rendered.get('monitoring-off-values.yaml') ?? []).some((object) => object.metadata.labels?.grafana_dashboard === '1'));
    });

    it('applies alert overrides, extra labels and the runbook base URL, and ships every dashboard', () => {
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

    it('scrapes the pods through a PodMonitor, with the chart\'s relabelings, with ci/podmonitor-values.yaml', () => {
      const objects = rendered.get('podmonitor-values.yaml') ?? [];
      assert.deepEqual(objects.filter((object) => object.kind.endsWith('Monitor')).map((object) => object.kind), ['PodMonitor']);
      const monitor = objects.find((object) => object.kind === 'PodMonitor');
      const [endpoint] = (monitor?.spec as { podMetricsEndpoints: Array<{ port: string; relabelings: Array<Record<string, unknown>> }> }).podMetricsEndpoints;
      assert.equal(endpoint.port, 'metrics');
      assert.deepEqual(endpoint.relabelings.slice(0, 3), [
        { targetLabel: 'job', replacement: 'vmsoak', action: 'replace' },
        { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance', action: 'replace' },
        { regex: 'pod|container|endpoint', action: 'labeldrop' },
      ]);
      const daemonSet = objects.find((object) => object.kind === 'DaemonSet');
      assert.deepEqual((daemonSet?.spec as { updateStrategy: unknown }).updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '5%' } });
    });

    it('mounts the web config and certificate Secrets, passes --web.config.file, probes and scrapes over HTTPS', () => {
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
}
