/**
 * Retention of an append-only line log by age and by size. Lines are appended in time
 * order, so what is kept is always a tail of the file: from the first line young enough,
 * and at most `maxBytes` back from the end, starting at a line boundary. The tail is
 * streamed into a temp file in the same directory, fsynced and renamed over the log, so a
 * crash leaves the old log or the compacted one, never a mix.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { atomicReplace } from './atomic-write.ts';

export interface RetentionPolicy {
  /** Lines whose time is older than this many ms before `now` are dropped. */
  maxAgeMs: number;
  /** The file is cut to at most this many bytes, oldest lines first. */
  maxBytes: number;
  /** Default Date.now(). */
  now?: number;
}

export interface CompactionResult {
  droppedLines: number;
  droppedBytes: number;
}

/**
 * The byte offset the kept tail starts at. `timeOf` reads a line's ISO time (null: keep
 * the line's fate to the size rule).
 */
async function keepFrom(file: string, size: number, policy: RetentionPolicy, timeOf: (line: string) => string | null) {
  const cutoff = new Date((policy.now ?? Date.now()) - policy.maxAgeMs).toISOString();
  const sizeFloor = Math.max(0, size - policy.maxBytes);
  const input = createReadStream(file, { end: size - 1 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let offset = 0;
  let lineCount = 0;
  let ageDone = false;
  let keep = 0;
  let dropped = 0;
  for await (const line of lines) {
    const length = Buffer.byteLength(line, 'utf8') + 1;
    if (!ageDone) {
      const time = timeOf(line);
      if (time !== null && time >= cutoff) ageDone = true;
    }
    if (ageDone && offset >= sizeFloor) {
      keep = offset;
      break;
    }
    offset += length;
    lineCount++;
    keep = offset;
    dropped = lineCount;
  }
  lines.close();
  input.destroy();
  return { keep: Math.min(keep, size), dropped };
}

export async function compactFile(file: string, policy: RetentionPolicy, timeOf: (line: string) => string | null): Promise<CompactionResult> {
  let size: number;
  try {
    ({ size } = await stat(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { droppedLines: 0, droppedBytes: 0 };
    throw error;
  }
  if (size === 0) return { droppedLines: 0, droppedBytes: 0 };
  const { keep, dropped } = await keepFrom(file, size, policy, timeOf);
  if (keep === 0) return { droppedLines: 0, droppedBytes: 0 };
  await atomicReplace(file, async (temp) => {
    await pipeline(createReadStream(file, { start: keep }), createWriteStream(temp, { flags: 'wx' }));
  });
  return { droppedLines: dropped, droppedBytes: keep };
}
