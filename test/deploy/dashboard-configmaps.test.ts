/**
 * The dashboard ConfigMaps, rendered by helm 3 and helm 4: one per generated dashboard,
 * each with its own name, however long the release's full name is. Truncating the whole
 * name to 63 characters cut the dashboard's part off, and every ConfigMap got the same
 * name once the full name reached 52 characters.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { helm, HELM_RELEASES, helmSkipReason } from '../helpers/helm.ts';
import { CHART_DIR } from './chart.ts';
import { ofKind, render } from './render-chart.ts';

const DASHBOARDS = readdirSync(path.join(CHART_DIR, 'files/dashboards')).filter((name) => name.endsWith('.json'));
/** A DNS-1123 label: what the chart keeps every name to, so it fits wherever a name goes. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

for (const release of HELM_RELEASES) {
  describe(`dashboard ConfigMaps, helm ${release.helmVersion}`, { skip: helmSkipReason(release) }, () => {
    for (const length of [6, 51, 52, 63]) {
      it(`gives each of the ${DASHBOARDS.length} dashboards its own ConfigMap with a full name of ${length} characters`, () => {
        const fullnameOverride = 'v'.repeat(length);
        const objects = render(helm(release), { values: { fullnameOverride } });
        const dashboards = ofKind(objects, 'ConfigMap').filter((object) => object.metadata.labels?.grafana_dashboard === '1');
        assert.equal(dashboards.length, DASHBOARDS.length);
        const names = dashboards.map((object) => object.metadata.name);
        assert.equal(new Set(names).size, names.length, `names collide: ${names.join(', ')}`);
        for (const name of names) assert.match(name, DNS_LABEL);
        // Each ConfigMap carries one dashboard, the one its name is for.
        assert.deepEqual(dashboards.map((object) => Object.keys(object.data ?? {})).flat().sort(), [...DASHBOARDS].sort());
      });
    }
  });
}
