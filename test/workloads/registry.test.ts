import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import { loadCatalog, selectWorkloads } from '../../src/workloads/registry.ts';
import { fixturePath } from '../helpers/fixtures.ts';

const bad = (name: string) => `test/fixtures/bad-modules/${name}.ts`;

describe('workload registry', () => {
  it('loads the built-ins and a user module by path', async () => {
    const catalog = await loadCatalog([fixturePath('barrier-order')]);
    const names = catalog.map((entry) => entry.workload.name);
    assert.ok(names.includes('contention.atomic-add'));
    const plugin = catalog.find((entry) => entry.workload.name === 'fixture.barrier-order')!;
    assert.equal(plugin.builtin, false);
    assert.match(plugin.moduleUrl, /^file:\/\/.*barrier-order\.ts$/);
    assert.equal(new Set(names).size, names.length, 'names are unique');
  });

  for (const [module, message] of [
    ['missing', /test\/fixtures\/bad-modules\/missing\.ts: file not found/],
    ['no-default', /no-default\.ts: the default export must be a workload/],
    ['bad-kpi', /bad-kpi\.ts: kpis\[0\]\.direction: must be "max" or "min"/],
    ['syntax-error', /syntax-error\.ts: cannot be imported/],
  ] as const) {
    it(`rejects a ${module} module with a UsageError naming the path`, async () => {
      await assert.rejects(loadCatalog([bad(module)]), (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/, 'one line');
        return true;
      });
    });
  }

  it('selects by glob and names a glob that matches nothing', async () => {
    const catalog = await loadCatalog();
    const selected = selectWorkloads(catalog, ['contention.*']).map((entry) => entry.workload.name);
    assert.ok(selected.length >= 5 && selected.every((name) => name.startsWith('contention.')));
    assert.throws(() => selectWorkloads(catalog, ['contention.*', 'nope.*']), /workload glob "nope\.\*" matches no workload/);
  });
});
