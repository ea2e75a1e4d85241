/**
 * Appending text so that it is on disk when the promise resolves: open in append mode,
 * write, fsync, close; and when the append created the file, fsync its directory too, as a
 * new file's directory entry is only durable once the directory itself is synced.
 *
 * The file is opened per append, not held: appends come every few seconds at most, and a
 * file moved away by log rotation is then simply recreated.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';

/** Appends `text`; `header` is written first when the file does not exist yet. Returns whether it was created. */
export async function appendDurably(file: string, text: string, header = ''): Promise<boolean> {
  let created = false;
  try {
    await stat(file);
  } catch {
    created = true;
  }
  const handle = await open(file, 'a');
  try {
    await handle.write(created ? header + text : text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(path.dirname(file));
  return created;
}

export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the file's own data is synced already.
  } finally {
    await handle.close();
  }
}
