/**
 * The committed rule files through promtool (Debian's `prometheus` package): `check rules`
 * (syntax, PromQL, lint) and `test rules` over deploy/prometheus/tests, whose cases must
 * make every alert fire at least once and stay silent at least once.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ALERT_NAMES } from '../../src/generate/alert-rules.ts';
import { ALERT_RULES_FILE, RECORDING_RULES_FILE } from '../../src/generate/artifacts.ts';
import { promtool, promtoolSkipReason } from '../helpers/promtool.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TESTS_DIR = 'deploy/prometheus/tests';

interface RuleTestFile {
  tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }>;
}

async function testFiles(): Promise<string[]> {
  return (await readdir(path.join(ROOT, TESTS_DIR))).filter((name) => name.endsWith('.yaml')).sort().map((name) => path.join(TESTS_DIR, name));
}

describe('promtool', { skip: promtoolSkipReason() }, () => {
  it('checks the generated rule files', async () => {
    const outcome = await promtool(['check', 'rules', RECORDING_RULES_FILE, ALERT_RULES_FILE], ROOT);
    assert.equal(outcome.code, 0, outcome.output);
    assert.match(outcome.output, /SUCCESS/);
  });

  it('passes the alert unit tests', async () => {
    const outcome = await promtool(['test', 'rules', ...(await testFiles())], ROOT);
    assert.equal(outcome.code, 0, outcome.output);
    assert.doesNotMatch(outcome.output, /FAILED/);
  });
});

describe('alert unit tests', () => {
  it('make every alert fire in one case and stay silent in another', async () => {
    const firing = new Set<string>();
    const silent = new Set<string>();
    for (const file of await testFiles()) {
      const parsed = parse(await readFile(path.join(ROOT, file), 'utf8')) as RuleTestFile;
      for (const test of parsed.tests) {
        for (const check of test.alert_rule_test ?? []) (check.exp_alerts?.length ? firing : silent).add(check.alertname);
      }
    }
    for (const alert of ALERT_NAMES) {
      assert.ok(firing.has(alert), `no case in ${TESTS_DIR} where ${alert} fires`);
      assert.ok(silent.has(alert), `no case in ${TESTS_DIR} where ${alert} stays silent`);
    }
  });
});
