/**
 * Writes a file so that a reader (or a restart after a crash) sees either the old content
 * or the new one, never a torn mix: write a temp file in the same directory, fsync it,
 * rename it over the target, then fsync the directory so the rename itself is durable.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` with what `fill` writes into the temp path it is given (a file that does
 * not exist yet, in the same directory); the temp file is fsynced, renamed over `file` and
 * the directory fsynced. On any error the temp file is removed and `file` is untouched.
 */
export async function atomicReplace(file: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const directory = path.dirname(file);
  const temp = path.join(directory, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fill(temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

export function atomicWriteFile(file: string, data: string | Uint8Array): Promise<void> {
  return atomicReplace(file, async (temp) => {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  });
}

async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a directory (EINVAL, EISDIR on a few); the rename has still happened.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw error;
  } finally {
    await handle?.close();
  }
}
