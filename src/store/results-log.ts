/**
 * The results log: every RunResult as one JSON line in `<dataDir>/results.jsonl`, appended
 * and fsynced as it finishes.
 *
 * The HDR histograms (compressed base64, a few kB per run) stay in each line: a baseline
 * or a regression test needs the full distributions, not the summary, and the log is the
 * only place they survive a restart.
 *
 * A crash can leave a torn last line. The reader skips it and says so; the writer cuts it
 * off before its first append, so the next line does not get glued onto the torn one and
 * turn it into corruption in the middle of the file.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.ts';
import type { RunResult } from '../model/result.ts';
import { appendDurably } from './durable-append.ts';
import { compactFile, type CompactionResult, type RetentionPolicy } from './log-retention.ts';

export type { CompactionResult, RetentionPolicy };

export const RESULTS_LOG_FILE = 'results.jsonl';

export function resultsLogPath(dataDir: string): string {
  return path.join(dataDir, RESULTS_LOG_FILE);
}

function parseResult(line: string): RunResult | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<RunResult>;
  const plausible = typeof candidate.workload === 'string' && typeof candidate.threads === 'number'
    && (candidate.status === 'ok' || candidate.status === 'failed');
  return plausible ? (value as RunResult) : null;
}

export interface ResultsLogScan {
  /** Results read. */
  count: number;
  /** True when the last line was incomplete (a crash mid-append) and was skipped. */
  tornLastLine: boolean;
}

/**
 * Streams the log's results to `visit`, in file order. A missing file is an empty log. A
 * bad last line is skipped and reported; a bad line anywhere else is damage that no crash
 * explains, and throws naming the line.
 */
export async function scanResultsLog(file: string, visit: (result: RunResult) => void): Promise<ResultsLogScan> {
  try {
    await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { count: 0, tornLastLine: false };
    throw error;
  }
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let count = 0;
  let lineNumber = 0;
  let badLine = 0;
  for await (const line of lines) {
    lineNumber++;
    if (badLine !== 0) throw new UsageError(`results log ${file}: line ${badLine} is not a run result`);
    if (line.trim() === '') continue;
    const result = parseResult(line);
    if (result === null) {
      badLine = lineNumber;
      continue;
    }
    count++;
    visit(result);
  }
  return { count, tornLastLine: badLine !== 0 };
}

export async function readResultsLog(file: string): Promise<{ results: RunResult[]; tornLastLine: boolean }> {
  const results: RunResult[] = [];
  const { tornLastLine } = await scanResultsLog(file, (result) => results.push(result));
  return { results, tornLastLine };
}

/** How far a torn tail is searched for its line start; one line is a few kB. */
const TAIL_CHUNK = 64 * 1024;

/**
 * Makes the file end at a line boundary: a complete JSON tail that only lacks its newline
 * gets one, anything else after the last newline is cut off. Returns the bytes cut.
 */
async function repairTail(file: string): Promise<number> {
  let handle;
  try {
    handle = await open(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return 0;
    let lineStart = 0;
    let tail = Buffer.alloc(0);
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - TAIL_CHUNK);
      const chunk = Buffer.alloc(end - start);
      await handle.read(chunk, 0, chunk.length, start);
      tail = Buffer.concat([chunk, tail]);
      const newline = chunk.lastIndexOf(0x0a);
      if (newline !== -1) {
        lineStart = start + newline + 1;
        break;
      }
      end = start;
    }
    if (lineStart === size) return 0;
    const fragment = tail.subarray(tail.length - (size - lineStart)).toString('utf8');
    if (parseResult(fragment) !== null) {
      await handle.write('\n', size);
      await handle.sync();
      return 0;
    }
    await handle.truncate(lineStart);
    await handle.sync();
    return size - lineStart;
  } finally {
    await handle.close();
  }
}

/** Appends run results, one fsynced line each, in call order. */
export class ResultsLog {
  readonly file: string;
  #tail: Promise<void> = Promise.resolve();

  private constructor(file: string) {
    this.file = file;
  }

  /** Creates the directory if needed and repairs a torn last line; `cutBytes` says how much was cut. */
  static async open(file: string): Promise<{ log: ResultsLog; cutBytes: number }> {
    await mkdir(path.dirname(file), { recursive: true });
    const cutBytes = await repairTail(file);
    return { log: new ResultsLog(file), cutBytes };
  }

  /**
   * Resolves once the line is on disk. Appends are chained, so lines land in call order
   * and one failed append does not stop the next.
   */
  append(result: RunResult): Promise<void> {
    const done = this.#tail.then(() => this.#write(`${JSON.stringify(result)}\n`));
    this.#tail = done.catch(() => undefined);
    return done;
  }

  /** Resolves when every append so far has finished (successfully or not). */
  flush(): Promise<void> {
    return this.#tail;
  }

  async #write(line: string): Promise<void> {
    await appendDurably(this.file, line);
  }

  /**
   * Applies the retention policy: lines of runs started before `maxAgeMs` ago go, and then
   * the oldest lines until the file is at most `maxBytes`. The kept tail is copied to a
   * temp file and renamed over the log, chained with the appends so none is lost or
   * interleaved. Returns what was dropped.
   */
  compact(policy: RetentionPolicy): Promise<CompactionResult> {
    const done = this.#tail.then(() => compactFile(this.file, policy, (line) => parseResult(line)?.startedAt ?? null));
    this.#tail = done.then(() => undefined, () => undefined);
    return done;
  }
}
