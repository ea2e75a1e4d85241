import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { UsageError } from '../../src/errors.ts';
import { defineWorkload } from '../../src/workloads/api.ts';
import {
  checkParams, choiceParam, defineParams, integerParam, numberParam, paramsJsonSchema, powerOfTwoParam, resolveParams,
} from '../../src/workloads/params.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';

const schema = defineParams([1, 2], {
  size: integerParam({ min: 1, max: 16, default: 4 }),
  rate: numberParam({ min: 0, max: 1, default: 0.5 }),
  slots: powerOfTwoParam({ min: 1, max: 64, default: 8 }),
  mode: choiceParam(['fast', 'slow'], 'fast'),
});

const sample = defineWorkload({
  name: 'fixture.params', category: 'fixture', tier: 3, description: 'x', params: schema, kpis: [], run: () => ({}),
});

function problemOf(overrides: unknown): string {
  const check = checkParams(schema, overrides);
  assert.equal(check.ok, false, 'expected a problem');
  return check.ok ? '' : `${check.problem.path.join('.')}: ${check.problem.message}`;
}

describe('workload params', () => {
  it('gives every param its default, and the workload its defaults as `params`', () => {
    assert.deepEqual(sample.params, { threads: [1, 2], size: 4, rate: 0.5, slots: 8, mode: 'fast' });
    assert.equal(sample.paramsSchema, schema);
  });

  it('applies overrides over the defaults', () => {
    assert.deepEqual(resolveParams(sample, { size: 16, mode: 'slow' }), { threads: [1, 2], size: 16, rate: 0.5, slots: 8, mode: 'slow' });
  });

  it('does not share a default list between two resolutions', () => {
    const first = resolveParams(sample);
    (first.threads as number[]).push(99);
    assert.deepEqual(resolveParams(sample).threads, [1, 2]);
  });

  it('names what is wrong with a value, ending with the value', () => {
    assert.equal(problemOf({ size: 0 }), 'size: must be an integer between 1 and 16 (got 0)');
    assert.equal(problemOf({ size: 1.5 }), 'size: must be an integer between 1 and 16 (got 1.5)');
    assert.equal(problemOf({ size: '4' }), 'size: must be an integer between 1 and 16 (got "4")');
    assert.equal(problemOf({ rate: 2 }), 'rate: must be a number between 0 and 1 (got 2)');
    assert.equal(problemOf({ slots: 12 }), 'slots: must be a power of two (got 12)');
    assert.equal(problemOf({ mode: 'medium' }), 'mode: must be one of fast, slow (got "medium")');
    assert.equal(problemOf({ threads: [0] }), 'threads.0: must be an integer between 1 and 256 (got 0)');
    assert.equal(problemOf({ sizes: 4 }), 'sizes: is not a param (the params: threads, size, rate, slots, mode)');
    assert.equal(problemOf([4]), ': must be a mapping of param names to values (got [4])');
  });

  it('throws a UsageError naming the workload and the param', () => {
    assert.throws(() => resolveParams(sample, { slots: 3 }), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, 'fixture.params: params.slots must be a power of two (got 3)');
      return true;
    });
  });

  it('rejects, when the module loads, a schema whose own default does not pass it or that lacks one', () => {
    const definition = { name: 'fixture.bad', category: 'fixture', tier: 3 as const, description: 'x', kpis: [], run: () => ({}) };
    assert.throws(
      () => defineWorkload({ ...definition, params: defineParams([1], { size: integerParam({ min: 1, max: 16, default: 32 }) }) }),
      /^UsageError: fixture\.bad: params\.size has a default that must be an integer between 1 and 16 \(got 32\)$/,
    );
    assert.throws(
      () => defineWorkload({ ...definition, params: defineParams([1], { size: z.number() }) }),
      /^UsageError: fixture\.bad: params\.size has no default \(every param needs one\)$/,
    );
  });

  it('describes itself as JSON Schema: types, ranges, choices and defaults, and no other keys', () => {
    const json = paramsJsonSchema(schema);
    assert.equal(json.additionalProperties, false);
    assert.deepEqual(Object.keys(json.properties), ['threads', 'size', 'rate', 'slots', 'mode']);
    assert.deepEqual(json.properties.size, { type: 'integer', minimum: 1, maximum: 16, default: 4 });
    assert.deepEqual(json.properties.mode.enum, ['fast', 'slow']);
    assert.equal(json.properties.threads.type, 'array');
  });

  it('every built-in workload declares its params with a default for each', async () => {
    for (const { workload } of await loadCatalog()) {
      const check = checkParams(workload.paramsSchema, {});
      assert.ok(check.ok, workload.name);
      assert.deepEqual(check.ok && check.params, workload.params, `${workload.name}: params are the schema's defaults`);
    }
  });

  it('the GC churn workloads take the allocation rate and the live-set size as params', async () => {
    const catalog = await loadCatalog();
    for (const name of ['gc.churn-small', 'gc.churn-large', 'gc.hiccup']) {
      const workload = catalog.find((entry) => entry.workload.name === name)!.workload;
      const params = resolveParams(workload, { allocationMBps: 400, liveSetMB: 64 }) as unknown as Record<string, unknown>;
      assert.equal(params.allocationMBps, 400, name);
      assert.equal(params.liveSetMB, 64, name);
    }
  });
});
