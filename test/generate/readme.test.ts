import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generatedReadme, README_URL } from '../../src/generate/readme.ts';
import { fillGenerated } from '../../src/generate/readme-tables.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';

describe('README reference tables', () => {
  it('are what `npm run docs` generates from the catalog and the metrics registry', async () => {
    const current = readFileSync(README_URL, 'utf8');
    assert.ok(current === await generatedReadme(current), 'README.md is stale: run `npm run docs` and commit it');
  });

  it('list every built-in workload and every vmsoak_ metric family', async () => {
    const readme = readFileSync(README_URL, 'utf8');
    for (const { workload } of await loadCatalog([])) assert.ok(readme.includes(`| \`${workload.name}\` |`), workload.name);
    for (const family of ['vmsoak_workload_latency_seconds', 'vmsoak_kpi_breached', 'vmsoak_run_failures_total']) {
      assert.ok(readme.includes(`| \`${family}\` |`), family);
    }
  });

  it('replace only what lies between the markers, and refuse a README without them', () => {
    const text = 'keep\n<!-- generated:x -->\nold\n<!-- /generated:x -->\nalso keep\n';
    assert.equal(fillGenerated(text, { x: 'new' }), 'keep\n<!-- generated:x -->\nnew\n<!-- /generated:x -->\nalso keep\n');
    assert.throws(() => fillGenerated('no markers', { x: 'new' }), /generated:x/);
  });
});
