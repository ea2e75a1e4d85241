import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Workload } from '../../src/workloads/api.ts';
import { BUILTIN_WORKLOAD_MODULES } from '../../src/workloads/catalog.ts';
import { validateWorkload } from '../../src/workloads/validate.ts';

describe('built-in workload catalog', () => {
  it('lists each module once', () => {
    const hrefs = BUILTIN_WORKLOAD_MODULES.map((url) => url.href);
    assert.equal(new Set(hrefs).size, hrefs.length);
  });

  for (const url of BUILTIN_WORKLOAD_MODULES) {
    const file = path.relative(path.dirname(fileURLToPath(new URL('../../src/workloads/catalog.ts', import.meta.url))), fileURLToPath(url));
    it(`${file} default-exports a valid workload of its folder's category`, async () => {
      const module = (await import(url.href)) as { default: Workload };
      const workload = module.default;
      assert.equal(validateWorkload(workload), null);
      const folder = file.split(path.sep)[0];
      assert.equal(workload.category, folder, 'category is the folder name');
      assert.ok(workload.name.startsWith(`${workload.category}.`), 'name starts with the category');
      assert.equal(`${path.basename(file, '.ts')}`, workload.name.slice(workload.category.length + 1), 'file is named after the workload');
      assert.ok(workload.kpis.length > 0, 'has at least one KPI');
      for (const kpi of workload.kpis) {
        assert.ok(kpi.description.length > 0, `${kpi.name}: description`);
        assert.ok(kpi.target > 0, `${kpi.name}: target`);
        if (kpi.unit === 'ratio') assert.ok(kpi.target <= 1, `${kpi.name}: a ratio target is at most 1`);
        for (const [threads, target] of Object.entries(kpi.targetByThreads ?? {})) {
          assert.ok(Number.isInteger(Number(threads)) && Number(threads) >= 1, `${kpi.name}: thread count ${threads}`);
          assert.ok(Number.isFinite(target) && target > 0, `${kpi.name}: target at ${threads}`);
        }
      }
      const minThreads = workload.minThreads ?? 1;
      assert.ok(workload.params.threads.every((t) => t >= minThreads), 'default thread counts respect minThreads');
    });
  }

  it('has unique workload names', async () => {
    const names = await Promise.all(BUILTIN_WORKLOAD_MODULES.map(async (url) => ((await import(url.href)) as { default: Workload }).default.name));
    assert.equal(new Set(names).size, names.length);
  });
});
