/** Reads a procfs or cgroupfs file that may legitimately be absent on this node. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** `root` joined with an absolute path: how readers point at a fixture tree instead of '/'. */
export function underRoot(root: string, absolutePath: string): string {
  return root === '/' ? absolutePath : path.join(root, absolutePath);
}

/**
 * The file's text, or null when it cannot be read (missing on this OS or kernel, a
 * controller not mounted, no permission). An interference source that is missing is
 * reported as unavailable, never as an error of the run.
 */
export function readTextOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
