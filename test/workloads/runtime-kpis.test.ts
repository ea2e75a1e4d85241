/**
 * Every async, memory, pipeline, tier0 and tier1 workload, run for real: through the
 * worker pool and the result assembly, as `vmsoak once` runs it, briefly. Each must
 * finish and give every one of its KPIs a value (whether it passes is this machine's
 * business, not the test's).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runPlanned } from '../../src/run/suite.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { BUILTIN_WORKLOAD_MODULES } from '../../src/workloads/catalog.ts';
import type { LoadedWorkload } from '../../src/workloads/registry.ts';
import { testConfig } from '../helpers/test-config.ts';

const CATEGORIES = new Set(['async', 'memory', 'pipeline', 'tier0', 'tier1']);
/** Only these folders' modules are imported, so a half-written module elsewhere cannot fail this test. */
const FOLDERS = /\/workloads\/(async|memory|pipeline|tier0|tier1)\/[^/]+\.ts$/;
const PHASES = { warmupNs: 20_000_000, durationNs: 150_000_000 };

describe('runtime workloads yield their KPIs in a real run', async () => {
  const entries: LoadedWorkload[] = await Promise.all(BUILTIN_WORKLOAD_MODULES.filter((url) => FOLDERS.test(url.pathname)).map(async (url) => ({
    workload: ((await import(url.href)) as { default: Workload }).default, moduleUrl: url.href, builtin: true,
  })));

  it('cover all five categories', () => {
    assert.deepEqual(new Set(entries.map((entry) => entry.workload.category)), CATEGORIES);
  });

  for (const entry of entries) {
    const { workload } = entry;
    it(`${workload.name}`, async () => {
      const result = await runPlanned(testConfig(), { entry, threads: workload.params.threads[0] }, PHASES);
      assert.ok(result !== null);
      assert.equal(result.status, 'ok', result.error?.message);
      assert.ok(result.ops > 0, 'recorded operations');
      assert.equal(result.kpis.length, workload.kpis.length);
      for (const kpi of result.kpis) {
        assert.ok(kpi.value !== null && Number.isFinite(kpi.value), `${kpi.id} has a value`);
        assert.equal(typeof kpi.pass, 'boolean');
      }
    });
  }
});
