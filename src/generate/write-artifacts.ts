/** Writes generated files under a directory, each atomically, and reports what changed. */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from '../store/atomic-write.ts';
import type { GeneratedFile } from './artifacts.ts';

export interface WriteOutcome {
  path: string;
  changed: boolean;
}

async function current(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function writeArtifacts(outDir: string, files: readonly GeneratedFile[]): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (const file of files) {
    const target = path.join(outDir, ...file.path.split('/'));
    const changed = (await current(target)) !== file.content;
    if (changed) {
      await mkdir(path.dirname(target), { recursive: true });
      await atomicWriteFile(target, file.content);
    }
    outcomes.push({ path: file.path, changed });
  }
  return outcomes;
}
