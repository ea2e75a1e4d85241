import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkAgainstCatalog } from '../../src/config/catalog-check.ts';
import { validateConfig } from '../../src/config/load.ts';
import { UsageError } from '../../src/errors.ts';
import { loadCatalog, type LoadedWorkload } from '../../src/workloads/registry.ts';

describe('checkAgainstCatalog', () => {
  let catalog: LoadedWorkload[];
  before(async () => {
    catalog = await loadCatalog([]);
  });

  function message(raw: unknown): string {
    const config = validateConfig(raw);
    try {
      checkAgainstCatalog(config, catalog);
    } catch (error) {
      assert.ok(error instanceof UsageError);
      return error.message;
    }
    assert.fail('expected a UsageError');
  }

  it('rejects a glob that matches no workload, naming the suite key and the glob', () => {
    const text = message({ suites: [{ name: 'a', workloads: ['contention.*'] }, { name: 'b', workloads: ['contention.*', 'nosuch.*'] }] });
    assert.match(text, /^config: suites\[1\]\.workloads: .*"nosuch\.\*"/);
  });

  it('rejects a KPI override for a workload that does not exist', () => {
    assert.match(message({ kpis: { 'contention.no-such.ns_per_op': { target: 1 } } }), /^config: kpis\["contention\.no-such\.ns_per_op"\]: workload "contention\.no-such" is not in the catalog/);
  });

  it('rejects a KPI override for a KPI the workload does not declare', () => {
    const [entry] = catalog;
    const key = `${entry.workload.name}.no_such_kpi@2`;
    assert.match(message({ kpis: { [key]: { target: 1 } } }), new RegExp(`has no KPI "no_such_kpi"`));
  });

  it('rejects a suite whose thread counts no selected workload accepts', (t) => {
    const needsTwo = catalog.find((entry) => (entry.workload.minThreads ?? 1) > 1);
    if (!needsTwo) return t.skip('no built-in needs more than one thread');
    const text = message({ suites: [{ name: 'a', workloads: [needsTwo.workload.name], threads: [1] }] });
    assert.match(text, /^config: suites\[0\]\.threads: no workload selected by suite "a" runs at threads 1/);
  });

  it('counts the distinct workloads the suites select', () => {
    const first = catalog[0].workload;
    const config = validateConfig({
      kpis: first.kpis.length > 0 ? { [`${first.name}.${first.kpis[0].name}`]: { target: 1 } } : {},
      suites: [{ name: 'all', workloads: ['*'] }, { name: 'one', workloads: [first.name] }],
    });
    const check = checkAgainstCatalog(config, catalog);
    assert.equal(check.workloadCount, catalog.length);
    assert.deepEqual(check.selected[1].map((entry) => entry.workload.name), [first.name]);
  });
});
