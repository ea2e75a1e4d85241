import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { atomicWriteFile } from '../../src/store/atomic-write.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-atomic-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('atomicWriteFile', () => {
  it('writes, then replaces, leaving no temp file behind', async () => {
    const file = path.join(dir, 'results.json');
    await atomicWriteFile(file, 'first');
    await atomicWriteFile(file, new TextEncoder().encode('second'));
    assert.equal(readFileSync(file, 'utf8'), 'second');
    assert.deepEqual(readdirSync(dir), ['results.json']);
  });

  it('fails without leaving a partial file when the directory does not exist', async () => {
    await assert.rejects(atomicWriteFile(path.join(dir, 'missing', 'x.json'), 'data'), { code: 'ENOENT' });
    assert.deepEqual(readdirSync(dir).filter((name) => name.includes('x.json')), []);
  });
});
