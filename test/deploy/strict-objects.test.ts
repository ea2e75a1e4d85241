/**
 * The strict field check of test/deploy/strict-objects.ts catches what kubernetes-models'
 * validate() lets through: a misspelt field at any depth, a field in the wrong object, a
 * value of the wrong type, in core objects and in the Prometheus Operator's; and it leaves
 * maps (labels, annotations, ConfigMap data) open, as the API does. The compiler stops at
 * the first problem of an object, so each case here has one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helm, HELM_RELEASES, helmSkipReason } from '../helpers/helm.ts';
import { render, type K8sObject } from './render-chart.ts';
import { strictProblems } from './strict-objects.ts';

const RELEASE = HELM_RELEASES[HELM_RELEASES.length - 1];

interface Mutable {
  spec: {
    template: { spec: { containers: Array<{ volumeMounts: Array<Record<string, unknown>>; ports: Array<Record<string, unknown>> } & Record<string, unknown>> } };
    endpoints: Array<Record<string, unknown>>;
  };
}

function rendered(): K8sObject[] {
  return render(helm(RELEASE), { values: { persistence: { enabled: true } } });
}

function only(objects: K8sObject[], kind: string): Mutable {
  return objects.find((object) => object.kind === kind) as unknown as Mutable;
}

describe('the strict field check', { skip: helmSkipReason(RELEASE) }, () => {
  it('finds nothing in the chart as rendered, extra labels and annotations included', () => {
    const objects = rendered();
    objects[0].metadata.labels = { ...objects[0].metadata.labels, 'example.com/any-key': 'any value' };
    assert.deepEqual(strictProblems(objects), []);
  });

  it('catches a misspelt volume mount field that kubernetes-models validate() accepts', async () => {
    const objects = rendered();
    const [mount] = only(objects, 'DaemonSet').spec.template.spec.containers[0].volumeMounts.filter((entry) => entry.subPathExpr !== undefined);
    assert.ok(mount, 'the data mount has subPathExpr with persistence on');
    mount.subPathExprr = mount.subPathExpr;
    delete mount.subPathExpr;
    const { DaemonSet } = await import('kubernetes-models/apps/v1/DaemonSet');
    const daemonSet = objects.find((object) => object.kind === 'DaemonSet');
    assert.doesNotThrow(() => new DaemonSet(daemonSet as never).validate(), 'kubernetes-models lets it through, which is why this check exists');
    const problems = strictProblems(objects);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].object, 'DaemonSet/vmsoak');
    assert.match(problems[0].message, /subPathExprr/);
  });

  it('catches a value of the wrong type', () => {
    const objects = rendered();
    only(objects, 'DaemonSet').spec.template.spec.containers[0].ports[0].containerPort = '9650';
    const problems = strictProblems(objects);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0].at, /containerPort/);
    assert.match(problems[0].message, /'string' is not assignable to type 'number'/);
  });

  it('catches a field of a volume mount put on the container', () => {
    const objects = rendered();
    only(objects, 'DaemonSet').spec.template.spec.containers[0].subPath = '/x';
    const problems = strictProblems(objects);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0].message, /'"subPath"' does not exist in type 'IContainer'/);
  });

  it('catches a misspelt field in a Prometheus Operator object', () => {
    const objects = rendered();
    const [endpoint] = only(objects, 'ServiceMonitor').spec.endpoints;
    endpoint.relabellings = endpoint.relabelings;
    const problems = strictProblems(objects);
    assert.deepEqual(problems.map((problem) => problem.object), ['ServiceMonitor/vmsoak']);
    assert.match(problems[0].message, /relabellings/);
  });
});
