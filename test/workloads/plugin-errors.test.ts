/**
 * A workload module that does not exist, cannot be imported, or does not export a valid
 * workload: each is a one-line UsageError naming the path (and the field), both from
 * loadCatalog and from the CLI, which exits 2. registry.test.ts covers a missing file,
 * no default export, a bad KPI and a syntax error; these are the other ways a plugin fails.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { isUsageFailure, runCli } from '../cli/run-cli.ts';

const bad = (name: string) => `test/fixtures/bad-modules/${name}`;

describe('workload module errors name the path', () => {
  for (const [module, message] of [
    ['throws-on-import.ts', /^workload module test\/fixtures\/bad-modules\/throws-on-import\.ts: cannot be imported: cannot reach the license server$/],
    ['default-function.ts', /^workload module test\/fixtures\/bad-modules\/default-function\.ts: the default export must be a workload/],
    ['no-run.ts', /^workload module test\/fixtures\/bad-modules\/no-run\.ts: run: must be a function$/],
    ['builtin-name.ts', /^workload module test\/fixtures\/bad-modules\/builtin-name\.ts: workload name "contention\.atomic-add" is already in the catalog$/],
    ['not-a-module.txt', /^workload module test\/fixtures\/bad-modules\/not-a-module\.txt: cannot be imported: /],
    ['', /^workload module test\/fixtures\/bad-modules\/: is a directory; name the module file$/],
  ] as const) {
    it(`rejects ${module === '' ? 'a directory' : module}`, async () => {
      await assert.rejects(loadCatalog([bad(module)]), (error: Error) => {
        assert.ok(error instanceof UsageError, String(error));
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    });
  }

  it('exits 2 with one line naming the path when `vmsoak run` gets a bad module', async () => {
    const result = await runCli(['run', '--listen', '127.0.0.1:0', '--workload-module', bad('default-function.ts')]);
    assert.equal(isUsageFailure(result), null);
    assert.match(result.stderr, /^vmsoak: workload module \S*test\/fixtures\/bad-modules\/default-function\.ts: the default export must be a workload/);
  });
});
