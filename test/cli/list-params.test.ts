import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { catalogJson, renderCatalogTable } from '../../src/cli/list.ts';
import { loadCatalog, type LoadedWorkload } from '../../src/workloads/registry.ts';

describe('vmsoak list shows each workload\'s params', () => {
  let catalog: LoadedWorkload[];
  before(async () => {
    catalog = (await loadCatalog()).filter((entry) => ['gc.churn-small', 'tlb.hit-rate'].includes(entry.workload.name));
  });

  it('with their names, types, ranges and defaults in the table', () => {
    const text = renderCatalogTable(catalog);
    assert.match(text, /^ {2}params {2}threads: integer 1\.\.256\[\] = 1 {2}allocationMBps: number 0\.\.100000 = 200 {2}liveSetMB: number 0\.\.1000000 = 32 /m);
    assert.match(text, /tlbEntries: integer 1\.\.65536 = 64/);
  });

  it('with their defaults and their JSON Schema in the JSON', () => {
    const [churn] = catalogJson(catalog) as { name: string; params: Record<string, unknown>; paramsSchema: { properties: Record<string, { type: string; default: unknown }> } }[];
    assert.equal(churn.name, 'gc.churn-small');
    assert.equal(churn.params.liveSetMB, 32);
    assert.deepEqual(churn.paramsSchema.properties.liveSetMB, { type: 'number', minimum: 0, maximum: 1_000_000, default: 32 });
  });
});
