import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import { BASELINE_FORMAT, baselinePath, listBaselines, loadBaseline, saveBaseline, validateBaselineName } from '../../src/store/baselines.ts';
import { okRun } from '../export/run-fixture.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-baselines-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fingerprint = { vmsoak: '0.1.0', node: '24.9.0', v8: '13', cpuModel: 'test cpu', cpus: 2, configHash: 'abcd' };

describe('baselines store', () => {
  it('saves atomically under baselines/<name>.json and loads back what was saved', async () => {
    const baseline = { format: BASELINE_FORMAT, name: 'main', createdAt: '2026-06-30T00:00:00.000Z', source: 'once', fingerprint, results: [await okRun()] } as const;
    const file = await saveBaseline(dir, { ...baseline, results: [...baseline.results] });
    assert.equal(file, path.join(dir, 'baselines', 'main.json'));
    assert.deepEqual(await loadBaseline(dir, 'main'), baseline);
    assert.deepEqual(await readdir(path.join(dir, 'baselines')), ['main.json'], 'no temp file left behind');
  });

  it('lists baselines and skips files that are not baselines', async () => {
    await writeFile(path.join(dir, 'baselines', 'junk.json'), '{"not": "a baseline"}');
    await writeFile(path.join(dir, 'baselines', 'broken.json'), '{');
    const list = await listBaselines(dir);
    assert.deepEqual(list.map((info) => [info.name, info.series, info.fingerprint.cpuModel]), [['main', 1, 'test cpu']]);
    assert.deepEqual(await listBaselines(path.join(dir, 'none')), []);
  });

  it('validates names: no path separators, no dot-dot, no hidden files, at most 64 characters', () => {
    for (const good of ['main', 'v1.2.3', 'pr-42_b', 'A'.repeat(64)]) assert.equal(validateBaselineName(good), good);
    for (const bad of ['', '../x', 'a/b', 'a\\b', '.hidden', 'a..b', 'A'.repeat(65), 'with space']) {
      assert.throws(() => baselinePath(dir, bad), (error: unknown) => error instanceof UsageError && /--name: baseline name/.test(error.message), bad);
    }
  });

  it('a missing or foreign baseline is a usage error naming it', async () => {
    await assert.rejects(loadBaseline(dir, 'absent'), /--baseline absent: no such baseline/);
    await assert.rejects(loadBaseline(dir, 'junk'), /is not a vmsoak baseline/);
    await assert.rejects(loadBaseline(dir, 'broken'), /is not valid JSON/);
  });
});
