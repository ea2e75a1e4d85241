/**
 * The catalog is a hand-kept list (catalog.ts), so a workload file added to a category
 * folder without its line would silently never run: this test fails instead. A workload
 * file is one whose default export is a define...(...) call (defineWorkload or a library's
 * builder of one, such as defineChurnWorkload).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUILTIN_WORKLOAD_MODULES } from '../../src/workloads/catalog.ts';

const WORKLOADS_DIR = fileURLToPath(new URL('../../src/workloads/', import.meta.url));
/** Folders of shared code, not categories. */
const LIBRARY_DIRS = new Set(['lib']);
const WORKLOAD_MODULE = /^export default define\w*(?:<[^>\n]*>)?\(/m;

function categoryFolders(): string[] {
  return readdirSync(WORKLOADS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !LIBRARY_DIRS.has(entry.name))
    .map((entry) => entry.name);
}

function workloadFiles(): string[] {
  return categoryFolders().flatMap((folder) => readdirSync(path.join(WORKLOADS_DIR, folder))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${folder}/${file}`)
    .filter((file) => WORKLOAD_MODULE.test(readFileSync(path.join(WORKLOADS_DIR, file), 'utf8'))));
}

const listed = BUILTIN_WORKLOAD_MODULES.map((url) => path.relative(WORKLOADS_DIR, fileURLToPath(url)).split(path.sep).join('/'));

describe('the built-in catalog is complete', () => {
  it('lists every workload file of every category folder', () => {
    const files = workloadFiles();
    assert.ok(files.length >= 50, `found ${files.length} workload files`);
    assert.deepEqual(files.filter((file) => !listed.includes(file)), [], 'add these to src/workloads/catalog.ts');
  });

  it('lists only workload files in category folders', () => {
    const files = new Set(workloadFiles());
    assert.deepEqual(listed.filter((file) => !files.has(file)), []);
  });

  it('keeps workloads out of the libraries', () => {
    const libraries = [...LIBRARY_DIRS].flatMap((folder) => readdirSync(path.join(WORKLOADS_DIR, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => WORKLOAD_MODULE.test(readFileSync(path.join(WORKLOADS_DIR, folder, file), 'utf8'))));
    assert.deepEqual(libraries, []);
  });
});
