import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import stringHash, { fnv1a } from '../../examples/string-hash.workload.ts';
import { validateWorkload } from '../../src/workloads/validate.ts';
import { runInProcess } from './fake-context.ts';

describe('examples/string-hash.workload.ts', () => {
  it('is a valid plugin workload', () => {
    assert.equal(validateWorkload(stringHash), null);
    assert.equal(stringHash.name, 'ops.string-hash');
  });

  it('computes 32-bit FNV-1a (published test vectors)', () => {
    // From the FNV reference test suite (draft-eastlake-fnv, test vectors for FNV-1a 32).
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
  });

  it('measures real work', async () => {
    const run = await runInProcess(stringHash);
    assert.ok(run.ops > 0);
    assert.equal(run.output.suspectDeadCode, false);
  });
});
