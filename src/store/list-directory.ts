/** The names in a directory; a directory that does not exist yet is empty, any other error is thrown. */
import { readdir } from 'node:fs/promises';

export async function listDirectory(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
