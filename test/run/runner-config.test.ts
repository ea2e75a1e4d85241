import assert from 'node:assert/strict';
import { it } from 'node:test';
import { validateConfig } from '../../src/config/load.ts';
import { UsageError } from '../../src/errors.ts';

it('gives the runner block its defaults, field by field', () => {
  assert.deepEqual(validateConfig({}).runner, { maxRssMb: 2048, maxRuns: 500 });
  assert.deepEqual(validateConfig({ runner: { maxRuns: 20 } }).runner, { maxRssMb: 2048, maxRuns: 20 });
});

it('names the runner key in a one-line error, with a "did you mean" for a misspelt one', () => {
  assert.throws(() => validateConfig({ runner: { maxRuns: 0 } }), (error: unknown) =>
    error instanceof UsageError && /runner\.maxRuns/.test(error.message) && !error.message.includes('\n'));
  assert.throws(() => validateConfig({ runner: { maxRss: 512 } }), (error: unknown) =>
    error instanceof UsageError && /did you mean "maxRssMb"/.test(error.message));
});
