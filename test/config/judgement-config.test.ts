import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_JUDGEMENT } from '../../src/config/defaults.ts';
import { validateConfig } from '../../src/config/load.ts';
import { UsageError } from '../../src/errors.ts';

function rejects(raw: unknown, message: RegExp): void {
  assert.throws(() => validateConfig(raw), (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `not one line: ${error.message}`);
    assert.match(error.message, message);
    return true;
  });
}

describe('judgement config', () => {
  it('defaults every threshold', () => {
    assert.deepEqual(validateConfig({}).judgement, DEFAULT_JUDGEMENT);
  });

  it('takes the thresholds given and defaults the rest', () => {
    const { judgement } = validateConfig({ judgement: { maxOtherCpus: 4, maxInvoluntarySwitchesPerSecond: 500 } });
    assert.deepEqual(judgement, { ...DEFAULT_JUDGEMENT, maxOtherCpus: 4, maxInvoluntarySwitchesPerSecond: 500 });
  });

  it('turns the switch threshold off with null', () => {
    assert.equal(validateConfig({ judgement: { maxInvoluntarySwitchesPerSecond: null } }).judgement.maxInvoluntarySwitchesPerSecond, null);
  });

  it('rejects a ratio above 1 or a negative CPU count, naming the key', () => {
    rejects({ judgement: { maxStealRatio: 12 } }, /^config: judgement\.maxStealRatio: must be a ratio between 0 and 1 .*\(got 12\)$/);
    rejects({ judgement: { maxOtherCpus: -1 } }, /^config: judgement\.maxOtherCpus: must be a number of at least 0 \(got -1\)$/);
  });

  it('suggests the key a misspelt one was meant to be', () => {
    rejects({ judgement: { maxOtherCPUs: 1 } }, /^config: judgement: unknown key "maxOtherCPUs" \(did you mean "maxOtherCpus"\?\)/);
  });
});
