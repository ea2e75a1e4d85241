import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { validateConfig } from '../../src/config/load.ts';
import { UsageError } from '../../src/errors.ts';

/** Asserts a one-line UsageError whose message names `key` and matches `problem`. */
function rejects(raw: unknown, key: string, problem: RegExp): void {
  assert.throws(() => validateConfig(raw), (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `not one line: ${error.message}`);
    assert.ok(error.message.startsWith(`config: ${key}`), `does not name ${key}: ${error.message}`);
    assert.match(error.message, problem);
    return true;
  });
}

describe('config schema', () => {
  it('produces the embedded default config from an empty file', () => {
    assert.deepEqual(validateConfig({}), defaultConfig());
  });

  it('accepts the embedded default config as it is', () => {
    assert.deepEqual(validateConfig(defaultConfig()), defaultConfig());
  });

  it('fills the fields a suite omits from the default suite', () => {
    const [suite] = validateConfig({ suites: [{ name: 'nightly', workloads: ['gc.*'] }] }).suites;
    const [defaults] = defaultConfig().suites;
    assert.deepEqual(suite, { ...defaults, name: 'nightly', workloads: ['gc.*'] });
  });

  it('converts duration strings to milliseconds', () => {
    const config = validateConfig({ shutdownTimeout: '1.5m', runTimeout: '2h', suites: [{ name: 'a', duration: '2s', warmup: '250ms' }] });
    assert.equal(config.shutdownTimeout, 90_000);
    assert.equal(config.runTimeout, 7_200_000);
    assert.equal(config.suites[0].duration, 2_000);
    assert.equal(config.suites[0].warmup, 250);
  });

  it('rejects an unknown top-level key and suggests the right one', () => {
    rejects({ suits: [] }, 'unknown key "suits"', /did you mean "suites"/);
  });

  it('rejects an unknown key inside a suite', () => {
    rejects({ suites: [{ name: 'a', thread: [1] }] }, 'suites[0]: unknown key "thread"', /did you mean "threads"/);
  });

  it('rejects a value of the wrong type', () => {
    rejects({ suites: [{ name: 'a', runOnStart: 'yes' }] }, 'suites[0].runOnStart', /must be true or false \(got "yes"\)/);
    rejects({ suites: [{ name: 'a', threads: '4' }] }, 'suites[0].threads', /must be a list/);
  });

  it('rejects an invalid cron expression', () => {
    rejects({ suites: [{ name: 'a', schedule: '*/61 * * * *' }] }, 'suites[0].schedule', /invalid cron expression "\*\/61 \* \* \* \*"/);
    rejects({ suites: [{ name: 'a', schedule: '0 25 * * *' }] }, 'suites[0].schedule', /invalid cron expression/);
    rejects({ suites: [{ name: 'a', schedule: 'hourly' }] }, 'suites[0].schedule', /invalid cron expression/);
  });

  it('accepts 5- and 6-field cron expressions and "continuous"', () => {
    for (const schedule of ['*/15 * * * *', '30 */5 * * * *', '0 3 * * mon-fri', 'continuous']) {
      assert.equal(validateConfig({ suites: [{ name: 'a', schedule }] }).suites[0].schedule, schedule);
    }
  });

  it('rejects thread count 0', () => {
    rejects({ suites: [{ name: 'a', threads: [1, 0] }] }, 'suites[0].threads[1]', /must be an integer between 1 and 256 \(got 0\)/);
  });

  it('rejects thread count 257', () => {
    rejects({ suites: [{ name: 'a', threads: [257] }] }, 'suites[0].threads[0]', /between 1 and 256 \(got 257\)/);
  });

  it('rejects a repeated thread count', () => {
    rejects({ suites: [{ name: 'a', threads: [2, 2] }] }, 'suites[0].threads', /must not repeat/);
  });

  it('rejects a negative duration', () => {
    rejects({ suites: [{ name: 'a', warmup: '-1s' }] }, 'suites[0].warmup', /must not be negative/);
    rejects({ shutdownTimeout: -5 }, 'shutdownTimeout', /must not be negative/);
  });

  it('rejects an unparsable duration', () => {
    rejects({ suites: [{ name: 'a', duration: '2 weeks' }] }, 'suites[0].duration', /invalid duration "2 weeks"/);
    rejects({ runTimeout: '10x' }, 'runTimeout', /invalid duration "10x"/);
  });

  it('rejects a zero measurement duration and a duration setTimeout cannot represent', () => {
    rejects({ suites: [{ name: 'a', duration: 0 }] }, 'suites[0].duration', /longer than zero/);
    rejects({ runTimeout: '600h' }, 'runTimeout', /at most/);
  });

  it('rejects warmup + duration longer than runTimeout', () => {
    rejects({ runTimeout: '2s', suites: [{ name: 'a', duration: '2s', warmup: '1s' }] }, 'suites[0].duration', /must not exceed runTimeout \(2s\)/);
  });

  it('rejects duplicate suite names', () => {
    rejects({ suites: [{ name: 'a' }, { name: 'b' }, { name: 'a' }] }, 'suites[2].name', /already the name of suites\[0\]/);
  });

  it('rejects an empty suite list and a suite without a name', () => {
    rejects({ suites: [] }, 'suites', /at least one suite/);
    rejects({ suites: [{}] }, 'suites[0].name', /is required/);
  });

  it('rejects a malformed listen address and an out-of-range port', () => {
    rejects({ listen: 'localhost' }, 'listen', /host:port/);
    rejects({ listen: '0.0.0.0:65536' }, 'listen', /between 0 and 65535/);
    assert.equal(validateConfig({ listen: '[::1]:0' }).listen, '[::1]:0');
  });

  it('rejects an unknown log level', () => {
    rejects({ logLevel: 'verbose' }, 'logLevel', /must be one of trace, debug, info, warn, error, fatal, silent/);
  });

  it('rejects a non-positive maxOldGenerationSizeMb', () => {
    rejects({ resourceLimits: { maxOldGenerationSizeMb: 0 } }, 'resourceLimits.maxOldGenerationSizeMb', /positive integer/);
    rejects({ resourceLimits: { maxOldGenerationSizeMb: 1.5 } }, 'resourceLimits.maxOldGenerationSizeMb', /positive integer/);
  });

  it('keeps the default heap limit when only other resource limits are set', () => {
    assert.deepEqual(validateConfig({ resourceLimits: { stackSizeMb: 8 } }).resourceLimits, { maxOldGenerationSizeMb: 2048, stackSizeMb: 8 });
  });

  it('accepts KPI override keys with and without @threads and rejects malformed ones', () => {
    const kpis = { 'contention.atomic-add.ns_per_op': { target: 30 }, 'contention.atomic-add.ns_per_op@4': { target: 150 } };
    assert.deepEqual(validateConfig({ kpis }).kpis, kpis);
    rejects({ kpis: { 'atomic-add.ns_per_op': { target: 1 } } }, 'kpis["atomic-add.ns_per_op"]', /<category>\.<name>\.<kpi>/);
    rejects({ kpis: { 'contention.atomic-add.ns_per_op@0': { target: 1 } } }, 'kpis["contention.atomic-add.ns_per_op@0"]', /@threads/);
    rejects({ kpis: { 'contention.atomic-add.ns_per_op': { target: 'fast' } } }, 'kpis["contention.atomic-add.ns_per_op"].target', /must be a number/);
  });

  it('rejects a config that is not a mapping', () => {
    rejects([1, 2], '', /must be a mapping/);
  });
});
