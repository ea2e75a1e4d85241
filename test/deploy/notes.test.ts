/**
 * NOTES.txt, what `helm install` prints, rendered by helm 3 and helm 4: the commands it
 * shows work as printed. With TLS they use https and the CA, with basic auth they send
 * the user, and they point only at things the chart or the cluster has.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { helm, HELM_RELEASES, helmSkipReason } from '../helpers/helm.ts';
import { CHART_DIR } from './chart.ts';
import { renderNotes } from './render-chart.ts';

const ciFile = (name: string): string => path.join(CHART_DIR, 'ci', name);

for (const release of HELM_RELEASES) {
  describe(`NOTES.txt, helm ${release.helmVersion}`, { skip: helmSkipReason(release) }, () => {
    it('prints plain http commands without TLS or auth', () => {
      const notes = renderNotes(helm(release), { valuesFiles: [ciFile('default-values.yaml')] });
      assert.match(notes, /curl http:\/\/127\.0\.0\.1:9650\/metrics/);
      assert.doesNotMatch(notes, /https:/);
    });

    it('prints https, the CA and basic auth with the web config of ci/web-config-values.yaml', () => {
      const notes = renderNotes(helm(release), { valuesFiles: [ciFile('web-config-values.yaml')] });
      assert.doesNotMatch(notes, /(curl|open) http:\/\//, 'plain http to a TLS-only port');
      // The certificate names serviceMonitor.tlsConfig.serverName, not 127.0.0.1: curl --resolve maps it to the port-forward.
      assert.match(notes, /curl [^\n]*--resolve vmsoak:9650:127\.0\.0\.1 [^\n]*https:\/\/vmsoak:9650\/metrics/);
      const curl = /curl [^\n]*\/metrics/.exec(notes)?.[0] ?? '';
      assert.match(curl, /--cacert \S+|-k\b|--insecure/, `no CA for the daemon's certificate: ${curl}`);
      assert.match(curl, /(-u|--user) \S+/, `no basic auth: ${curl}`);
      assert.match(curl, /(--cert|-E) \S+/, `the web config asks for a client certificate: ${curl}`);
      assert.match(notes, /vmsoak-tls/, 'names the Secret the CA comes from');
      assert.match(notes, /vmsoak-scrape-auth/, 'names the Secret the scrape credentials come from');
    });

    it('points at nothing outside the chart when the PrometheusRule is off', () => {
      const notes = renderNotes(helm(release), { valuesFiles: [ciFile('monitoring-off-values.yaml')] });
      // A bare deploy/prometheus/ means the repository's, which an installed chart does not have;
      // under the directory `vmsoak generate --out` writes to, it is fine.
      assert.doesNotMatch(notes, /(^|[\s(])deploy\/prometheus/m, 'deploy/prometheus/ is not in the chart');
      assert.match(notes, /vmsoak generate/, 'says how to get the rule files');
    });
  });
}
