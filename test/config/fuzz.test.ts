/**
 * Property-based fuzzing of the config: random objects and random YAML documents either
 * validate or end in one UsageError of one line that names the key at fault (or, for
 * YAML syntax, the file position). Never a crash of another kind, never a stack trace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseYaml, validateConfig } from '../../src/config/load.ts';
import { KNOWN_KEYS } from '../../src/config/schema.ts';
import { UsageError } from '../../src/errors.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');

/** Values of every shape, including the ones YAML produces: null, nested lists, odd strings. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.constantFrom('2s', '-1s', '0', '*/5 * * * *', 'continuous', '61 * * * *', '127.0.0.1:9650', '*', 'contention.*')),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...KNOWN_KEYS.suite, ...KNOWN_KEYS.resourceLimits)), tie('node'), { maxKeys: 4 })),
})).node;

/** Mostly-plausible configs: known root keys with random values, sometimes an unknown key. */
const config = fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_KEYS.root), fc.string({ maxLength: 12 })), value, { maxKeys: 6 });

const suite = fc.record({
  name: fc.oneof(fc.constant('quick'), fc.string()),
  schedule: fc.oneof(fc.constantFrom('*/10 * * * *', 'continuous', 'every minute', '* * *'), fc.string()),
  threads: fc.array(fc.oneof(fc.integer({ min: -2, max: 300 }), fc.string()), { maxLength: 4 }),
  duration: fc.oneof(fc.constantFrom('2s', '500ms', '-1s', 'soon', 0), fc.integer()),
}, { requiredKeys: ['name'] });

function checkOutcome(raw: unknown, run: () => unknown): void {
  let error: unknown;
  try {
    run();
    return;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof UsageError, `not a UsageError: ${String(error)}`);
  const message = error.message;
  assert.equal(message.includes('\n'), false, `more than one line: ${JSON.stringify(message)}`);
  assert.match(message, /^config: /);
  assert.ok(message.length < 400, `too long: ${message.length}`);
  assert.doesNotMatch(message, /\n\s+at |node:internal|\.ts:\d+:\d+\)/, 'stack trace');
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.keys(raw).length > 0) {
    // A mapping's error names the key at fault: a path starting at one of its root keys.
    const named = Object.keys(raw).some((key) => message.startsWith(`config: ${key}`) || message.includes(JSON.stringify(key)))
      || /^config: (suites|kpis|resourceLimits|listen|dataDir|logLevel|shutdownTimeout|runTimeout|workloadModules)\b/.test(message);
    assert.ok(named, `names no key: ${message}`);
  }
}

describe('config fuzzing', () => {
  it('random objects validate or give a one-line error naming a key', () => {
    fc.assert(fc.property(fc.oneof(config, value), (raw) => checkOutcome(raw, () => validateConfig(raw))), { numRuns: 2000, seed: 4242 });
  });

  it('random suites validate or give a one-line error naming the suite key', () => {
    fc.assert(fc.property(fc.array(suite, { maxLength: 3 }), (suites) => {
      checkOutcome({ suites }, () => validateConfig({ suites }));
    }), { numRuns: 1000, seed: 7 });
  });

  it('random YAML text, and valid YAML cut or corrupted at a random point, never escapes as anything but a one-line error', () => {
    const corrupted = fc.tuple(config, fc.nat(), fc.string({ maxLength: 3 })).map(([raw, at, insert]) => {
      const text = stringify(raw);
      const cut = text.length === 0 ? 0 : at % text.length;
      return text.slice(0, cut) + insert + text.slice(cut);
    });
    fc.assert(fc.property(fc.oneof(fc.string(), corrupted), (text) => {
      checkOutcome(undefined, () => validateConfig(parseYaml(text, 'fuzz.yaml')));
    }), { numRuns: 2000, seed: 99 });
  });

  describe('through the real CLI', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vmsoak-fuzz-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const samples = fc.sample(fc.oneof(config, fc.string().map((text) => ({ text }))), { numRuns: 8, seed: 11 });
    for (const [index, sample] of samples.entries()) {
      it(`config check of random file ${index} exits 0 or 2 with at most one line on stderr`, () => {
        const file = path.join(dir, `fuzz-${index}.yaml`);
        writeFileSync(file, 'text' in sample && Object.keys(sample).length === 1 ? String(sample.text) : stringify(sample));
        const result = spawnSync(NODE, [path.join(ROOT, 'src/cli.ts'), 'config', 'check', file], { encoding: 'utf8', timeout: 30_000 });
        assert.ok(result.status === 0 || result.status === 2, `exit ${result.status}: ${result.stderr}`);
        if (result.status === 2) {
          assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
          assert.doesNotMatch(result.stderr, /\n\s+at /);
        }
      });
    }
  });
});
