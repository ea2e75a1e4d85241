/** `vmsoak generate` as a user runs it. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { ALERT_RULES_FILE, generateArtifacts } from '../../src/generate/artifacts.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { isUsageFailure, runCli } from '../cli/run-cli.ts';

const dirs: string[] = [];

after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-generate-'));
  dirs.push(dir);
  return dir;
}

describe('vmsoak generate', () => {
  it('writes the dashboards and rule files under --out, then finds them unchanged', async () => {
    const out = await tempDir();
    const first = await runCli(['generate', '--out', out]);
    assert.equal(first.code, 0, first.stderr);
    const expected = generateArtifacts(await loadCatalog());
    for (const file of expected) assert.equal(await readFile(path.join(out, file.path), 'utf8'), file.content, file.path);
    assert.match(first.stdout, new RegExp(`${expected.length} of ${expected.length} files changed`));
    const again = await runCli(['generate', '--out', out]);
    assert.match(again.stdout, new RegExp(`0 of ${expected.length} files changed`));
  });

  it('applies --alert-for, --job and --runbook-base-url', async () => {
    const out = await tempDir();
    const result = await runCli(['generate', '--out', out, '--alert-for', '30s', '--job', 'soak', '--runbook-base-url', 'https://runbooks.example/vmsoak.md']);
    assert.equal(result.code, 0, result.stderr);
    const rules = (parse(await readFile(path.join(out, ALERT_RULES_FILE), 'utf8')) as { groups: Array<{ rules: Array<Record<string, unknown>> }> })
      .groups.flatMap((group) => group.rules);
    assert.ok(rules.every((rule) => rule.for === '30s'));
    assert.ok(rules.some((rule) => rule.expr === 'up{job="soak"} == 0'));
    assert.ok(rules.every((rule) => String((rule.annotations as Record<string, string>).runbook_url).startsWith('https://runbooks.example/vmsoak.md#')));
  });

  it('rejects a --alert-for that is no Prometheus duration with one line and exit 2', async () => {
    const result = await runCli(['generate', '--out', await tempDir(), '--alert-for', '15 minutes']);
    assert.equal(isUsageFailure(result), null);
    assert.match(result.stderr, /--alert-for/);
  });
});
