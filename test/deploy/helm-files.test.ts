/** src/generate/helm-files.ts on a scratch tree: what it copies, skips, deletes and reports. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyGeneratedFilesIntoChart, writeChartFiles } from '../../src/generate/helm-files.ts';
import { chartConfigSchema } from '../../src/generate/helm-values-schema.ts';

let root: string;

async function put(relative: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), content);
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-helm-files-'));
  await put('deploy/prometheus/alert-rules.yaml', 'groups: []\n');
  await put('deploy/prometheus/tests/alerts.test.yaml', 'tests: []\n');
  await put('deploy/prometheus/README.md', 'not a rule file\n');
  // Bytes YAML or JSON tooling would normalise: a BOM, CRLF, a trailing space.
  await put('dashboards/overview.json', Buffer.from('\uFEFF{"title": "Overview" }  \r\n', 'utf8'));
  await put('helm/vmsoak/Chart.yaml', 'name: vmsoak\n');
  await put('helm/vmsoak/values.schema.json', '{"type": "object", "properties": {"mode": {"enum": ["daemonset"]}}}');
  await put('helm/vmsoak/files/dashboards/removed.json', '{}');
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeChartFiles', () => {
  it('copies rule files and dashboards byte for byte, and the generated config schema', async () => {
    const outcomes = await writeChartFiles(root);
    assert.deepEqual(outcomes, [
      { path: 'helm/vmsoak/files/prometheus/alert-rules.yaml', changed: true },
      { path: 'helm/vmsoak/files/dashboards/overview.json', changed: true },
      { path: 'helm/vmsoak/values.schema.json', changed: true },
    ]);
    assert.ok((await readFile(path.join(root, 'helm/vmsoak/files/dashboards/overview.json')))
      .equals(await readFile(path.join(root, 'dashboards/overview.json'))));
    const schema = JSON.parse(await readFile(path.join(root, 'helm/vmsoak/values.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    assert.deepEqual(schema.properties.mode, { enum: ['daemonset'] }, 'the hand-written part is kept');
    assert.deepEqual(schema.properties.config, chartConfigSchema());
  });

  it('leaves out promtool tests and other files, and deletes copies whose source is gone', () => {
    assert.equal(existsSync(path.join(root, 'helm/vmsoak/files/prometheus/tests')), false);
    assert.equal(existsSync(path.join(root, 'helm/vmsoak/files/prometheus/README.md')), false);
    assert.equal(existsSync(path.join(root, 'helm/vmsoak/files/dashboards/removed.json')), false);
  });

  it('reports nothing changed on a second run', async () => {
    assert.ok((await writeChartFiles(root)).every((outcome) => !outcome.changed));
  });

  it('writes nothing where there is no chart (generate --out elsewhere)', async () => {
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-helm-files-out-'));
    try {
      await mkdir(path.join(elsewhere, 'dashboards'));
      await writeFile(path.join(elsewhere, 'dashboards/x.json'), '{}');
      assert.deepEqual(await writeChartFiles(elsewhere), []);
      assert.equal(existsSync(path.join(elsewhere, 'helm')), false);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('copies nothing when nothing is generated', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-helm-files-empty-'));
    try {
      assert.deepEqual(await copyGeneratedFilesIntoChart(empty), []);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
