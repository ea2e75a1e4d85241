/**
 * `npm run docs`: regenerates the README's workload and metric tables in place.
 * `--check` only reports whether README.md is stale (exit 1), for CI and the tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCatalog } from '../workloads/registry.ts';
import { fillGenerated, metricTable, workloadTable } from './readme-tables.ts';

export const README_URL = new URL('../../README.md', import.meta.url);

export async function generatedReadme(current: string): Promise<string> {
  return fillGenerated(current, { workloads: workloadTable(await loadCatalog([])), metrics: metricTable() });
}

if (import.meta.main) {
  const current = readFileSync(README_URL, 'utf8');
  const next = await generatedReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('README.md is stale: run `npm run docs`.\n');
      process.exitCode = 1;
    }
  } else if (next !== current) {
    writeFileSync(README_URL, next);
    process.stderr.write('README.md updated.\n');
  }
}
