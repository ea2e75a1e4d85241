/**
 * --data-dir means the same on every command that reads or writes the data directory:
 * baselines go to and come from <dir>/baselines, the results log is <dir>/results.jsonl.
 * Without it (and without VMSOAK_DATA_DIR or a config's dataDir) that is ./var of the
 * working directory, so a baseline saved with --data-dir is not found without it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isUsageFailure, ROOT, runCli } from './run-cli.ts';

const PASS = ['--workload', 'contention.padded-counter', '--threads', '1', '--duration', '200ms', '--warmup', '50ms'];

describe('--data-dir on every data command', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-data-dir-'));
  const dataDir = path.join(dir, 'data');
  const results = path.join(dir, 'out', 'results.json');
  // A name no other test uses, so finding it under ./var could only be this test's doing.
  const name = `data-dir-test-${process.pid}`;
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    const pass = await runCli(['once', ...PASS, '--format', 'json', '--out', path.dirname(results)]);
    assert.ok(pass.code === 0 || pass.code === 1, pass.stderr);
  });

  it('baseline save writes under it and baseline list reads from it', async () => {
    const saved = await runCli(['baseline', 'save', '--name', name, '--from', results, '--data-dir', dataDir]);
    assert.equal(saved.code, 0, saved.stderr);
    assert.ok(existsSync(path.join(dataDir, 'baselines', `${name}.json`)));
    assert.equal(existsSync(path.join(ROOT, 'var', 'baselines', `${name}.json`)), false, 'nothing saved under ./var');

    const listed = await runCli(['baseline', 'list', '--format', 'json', '--data-dir', dataDir]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual((JSON.parse(listed.stdout) as { name: string }[]).map((entry) => entry.name), [name]);
  });

  it('compare and once --baseline find the baseline there, and not without it', async () => {
    const compared = await runCli(['compare', '--baseline', name, '--current', results, '--format', 'json', '--data-dir', dataDir]);
    assert.ok(compared.code === 0 || compared.code === 1, compared.stderr);
    assert.equal((JSON.parse(compared.stdout) as { against: { name: string } }).against.name, name);

    const passed = await runCli(['once', ...PASS, '--format', 'json', '--baseline', name, '--data-dir', dataDir]);
    assert.ok(passed.code === 0 || passed.code === 1, passed.stderr);

    const elsewhere = await runCli(['compare', '--baseline', name, '--current', results]);
    assert.equal(isUsageFailure(elsewhere), null);
    assert.match(elsewhere.stderr, new RegExp(`--baseline ${name}: no such baseline`));
  });

  it('compare without --current reads the results log under it', async () => {
    const result = await runCli(['compare', '--baseline', name, '--data-dir', dataDir]);
    assert.equal(isUsageFailure(result), null);
    assert.ok(result.stderr.includes(`no results in ${path.join(dataDir, 'results.jsonl')}`), result.stderr);
  });
});
