/**
 * How the pods roll, rendered by helm 3 and helm 4. A rollout must finish in the setups the
 * chart's ci files describe: a Deployment pinned to N dedicated nodes with required pod
 * anti-affinity has no node for a surge pod, so it must replace pods in place (no surge),
 * and a claim that only one node can attach (ReadWriteOnce) must be released first
 * (Recreate). The strategies are values, for setups the defaults do not fit.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { helm, HELM_RELEASES, helmSkipReason } from '../helpers/helm.ts';
import { CHART_DIR } from './chart.ts';
import { render, workload, type RenderOptions } from './render-chart.ts';

interface RollingUpdate {
  maxSurge?: number | string;
  maxUnavailable?: number | string;
}

interface Strategy {
  type?: string;
  rollingUpdate?: RollingUpdate;
}

const ciFile = (name: string): string => path.join(CHART_DIR, 'ci', name);

/** Zero whatever the notation: 0 or "0%". */
function isZero(value: number | string | undefined): boolean {
  return value === 0 || value === '0' || value === '0%';
}

for (const release of HELM_RELEASES) {
  describe(`rollout strategies, helm ${release.helmVersion}`, { skip: helmSkipReason(release) }, () => {
    const strategyOf = (options: RenderOptions): Strategy => {
      const object = workload(render(helm(release), options));
      const spec = object.spec as { strategy?: Strategy; updateStrategy?: Strategy };
      return (object.kind === 'Deployment' ? spec.strategy : spec.updateStrategy) ?? {};
    };

    it('rolls the Deployment of ci/deployment-values.yaml without a surge pod (required anti-affinity on dedicated nodes)', () => {
      const strategy = strategyOf({ valuesFiles: [ciFile('deployment-values.yaml')] });
      const inPlace = strategy.type === 'Recreate'
        || (strategy.type === 'RollingUpdate' && isZero(strategy.rollingUpdate?.maxSurge) && !isZero(strategy.rollingUpdate?.maxUnavailable));
      assert.ok(inPlace, `a surge pod would stay Pending: ${JSON.stringify(strategy)}`);
    });

    it('recreates a Deployment whose data is on a claim, which the old and the new pod cannot both attach', () => {
      const strategy = strategyOf({ values: { mode: 'deployment', persistence: { enabled: true } } });
      assert.deepEqual(strategy, { type: 'Recreate' });
    });

    it('rolls a DaemonSet one node at a time by default', () => {
      const strategy = strategyOf({ valuesFiles: [ciFile('default-values.yaml')] });
      assert.equal(strategy.type, 'RollingUpdate');
      assert.equal(strategy.rollingUpdate?.maxUnavailable, 1);
      // A surge on a DaemonSet runs two soak pods on one node at once: each disturbs the other's measurements.
      assert.ok(strategy.rollingUpdate?.maxSurge === undefined || isZero(strategy.rollingUpdate.maxSurge));
    });

    it('takes the strategies from values: updateStrategy for the DaemonSet, strategy for the Deployment', () => {
      const daemonSet = strategyOf({ values: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } } } });
      assert.deepEqual(daemonSet, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } });
      const onDelete = strategyOf({ values: { updateStrategy: { type: 'OnDelete' } } });
      assert.deepEqual(onDelete, { type: 'OnDelete' });
      const deployment = strategyOf({ values: { mode: 'deployment', strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } });
      assert.deepEqual(deployment, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    });
  });
}
