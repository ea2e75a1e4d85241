/**
 * The generated dashboards and rules are committed; they must be exactly what
 * `vmsoak generate` writes from today's catalog, or a workload added without running
 * `npm run generate` would ship without its panels and alerts.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateArtifacts } from '../../src/generate/artifacts.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('generated files', () => {
  it('are committed exactly as `npm run generate` writes them', async () => {
    const files = generateArtifacts(await loadCatalog());
    const stale: string[] = [];
    for (const file of files) {
      let committed: string | null = null;
      try {
        committed = await readFile(path.join(ROOT, file.path), 'utf8');
      } catch {
        // missing: stale as well
      }
      if (committed !== file.content) stale.push(file.path);
    }
    assert.deepEqual(stale, [], `out of date (run \`npm run generate\` and commit the result): ${stale.join(', ')}`);
    assert.ok(files.some((file) => file.path.startsWith('dashboards/')) && files.some((file) => file.path.endsWith('alert-rules.yaml')));
  });
});
