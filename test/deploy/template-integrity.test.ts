/**
 * The chart's templates against its values, without rendering (no helm binary here):
 * every `.Values.…` path a template reads exists in values.yaml, every top-level value is
 * read somewhere, blocks are closed, included templates are defined, and the defaults
 * keep the promises the issue makes (security context, probes, grace period) and agree
 * with the image.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartValues, isMapping, templates, type Values } from './chart.ts';
import { loadDockerfile } from './dockerfile-model.ts';

const values = chartValues();
const sources = templates();

/** `.Values.a.b` and `$.Values.a.b` references, as dotted paths without the prefix. */
function valuesPaths(text: string): string[] {
  return [...text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((match) => match[1].slice(1));
}

function exists(root: Values, dotted: string): boolean {
  let node: unknown = root;
  for (const key of dotted.split('.')) {
    if (!isMapping(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

/** Go template actions, without their delimiters and trim markers. */
function actions(text: string): string[] {
  return [...text.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)].map((match) => match[1]);
}

function valueAt(dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (isMapping(node) ? node[key] : undefined), values);
}

describe('helm/vmsoak templates', () => {
  it('read only values that values.yaml defines', () => {
    const missing: string[] = [];
    for (const [name, text] of sources) {
      for (const dotted of valuesPaths(text)) if (!exists(values, dotted)) missing.push(`${name}: .Values.${dotted}`);
    }
    assert.deepEqual(missing, []);
  });

  it('read every top-level key of values.yaml', () => {
    const read = new Set([...sources.values()].flatMap((text) => valuesPaths(text).map((dotted) => dotted.split('.')[0])));
    assert.deepEqual(Object.keys(values).filter((key) => !read.has(key)), []);
  });

  it('close every block they open', () => {
    for (const [name, text] of sources) {
      let depth = 0;
      for (const action of actions(text)) {
        if (action.startsWith('/*')) continue;
        if (/^(if|range|with|define|block)\b/.test(action)) depth++;
        else if (/^end\b/.test(action)) depth--;
        assert.ok(depth >= 0, `${name}: an {{ end }} closes nothing`);
      }
      assert.equal(depth, 0, `${name}: ${depth} block(s) left open`);
    }
  });

  it('include only templates they define', () => {
    const defined = new Set([...sources.values()].flatMap((text) => [...text.matchAll(/\{\{-?\s*define\s+"([^"]+)"/g)].map((match) => match[1])));
    const used = [...sources.values()].flatMap((text) => [...text.matchAll(/\b(?:include|template)\s+"([^"]+)"/g)].map((match) => match[1]));
    assert.ok(used.length > 0);
    assert.deepEqual(used.filter((name) => !defined.has(name)), []);
  });

  it('have both workload kinds, chosen by mode', () => {
    assert.match(sources.get('daemonset.yaml') ?? '', /if eq \.Values\.mode "daemonset"[\s\S]*kind: DaemonSet/);
    assert.match(sources.get('deployment.yaml') ?? '', /if eq \.Values\.mode "deployment"[\s\S]*kind: Deployment/);
  });
});

describe('helm/vmsoak defaults', () => {
  it('run the container locked down: non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp, no token', () => {
    assert.equal(valueAt('podSecurityContext.runAsNonRoot'), true);
    assert.equal(valueAt('podSecurityContext.seccompProfile.type'), 'RuntimeDefault');
    assert.equal(valueAt('securityContext.runAsNonRoot'), true);
    assert.equal(valueAt('securityContext.readOnlyRootFilesystem'), true);
    assert.equal(valueAt('securityContext.allowPrivilegeEscalation'), false);
    assert.deepEqual(valueAt('securityContext.capabilities.drop'), ['ALL']);
    assert.equal(valueAt('serviceAccount.automountServiceAccountToken'), false);
    assert.match(sources.get('_pod.tpl') ?? '', /automountServiceAccountToken: \{\{ \.Values\.serviceAccount\.automountServiceAccountToken \}\}/);
  });

  it('probe liveness on /-/healthy and readiness on /-/ready, on the port named metrics', () => {
    assert.equal(valueAt('livenessProbe.httpGet.path'), '/-/healthy');
    assert.equal(valueAt('readinessProbe.httpGet.path'), '/-/ready');
    assert.equal(valueAt('livenessProbe.httpGet.port'), 'metrics');
    assert.equal(valueAt('readinessProbe.httpGet.port'), 'metrics');
    assert.match(sources.get('_pod.tpl') ?? '', /- name: metrics\s+containerPort:/);
    assert.match(sources.get('service.yaml') ?? '', /- name: metrics\s+port: \{\{ \.Values\.service\.port \}\}\s+targetPort: metrics/);
  });

  it('give the pod a grace period longer than the daemon\'s shutdown timeout', () => {
    assert.match(sources.get('_pod.tpl') ?? '', /terminationGracePeriodSeconds: \{\{ add \.Values\.shutdown\.timeoutSeconds \.Values\.shutdown\.extraGraceSeconds \}\}/);
    assert.match(sources.get('_helpers.tpl') ?? '', /"shutdownTimeout" \(printf "%ds" \(int \.Values\.shutdown\.timeoutSeconds\)\)/);
    assert.ok(Number(valueAt('shutdown.extraGraceSeconds')) >= 1);
  });

  it('roll the pods when the config changes', () => {
    assert.match(sources.get('_pod.tpl') ?? '', /checksum\/config: \{\{ include \(print \$\.Template\.BasePath "\/configmap\.yaml"\) \. \| sha256sum \}\}/);
  });

  it('agree with the image: port, user and data directory', () => {
    const runtime = loadDockerfile().runtime;
    assert.deepEqual([valueAt('service.port')], runtime.expose);
    assert.equal(String(valueAt('podSecurityContext.runAsUser')), runtime.user?.split(':')[0]);
    const dataDir = /define "vmsoak\.dataDir" -\}\}\s*(\S+)\s*\{\{- end/.exec(sources.get('_helpers.tpl') ?? '')?.[1];
    assert.equal(dataDir, runtime.env.VMSOAK_DATA_DIR);
  });
});
