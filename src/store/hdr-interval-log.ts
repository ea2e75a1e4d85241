/**
 * HDR interval logs in HdrHistogram's `HistogramLogWriter` format, version 1.3, so the
 * existing tools (HistogramLogProcessor, HdrHistogram's plotters, hdr-histogram-js's
 * HistogramLogReader) read vmsoak's histograms as they read jHiccup's.
 *
 * One file per UTC day, `<dataDir>/hdr/<YYYY-MM-DD>.hlog`: a header (format version,
 * StartTime, legend) when the file is created, then per run two tagged interval lines, the
 * raw histogram as `Tag=<workload>@<threads>` and the coordinated-omission-corrected one as
 * `Tag=<workload>@<threads>/corrected`. Timestamps are absolute (seconds since the epoch),
 * which the readers recognise, so a daemon restarted within the day keeps appending to the
 * same file. Values are integer ns; the Interval_Max column is in ms (HdrHistogram's
 * maxValueUnitRatio of 1e6, as jHiccup writes it).
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { HistogramLogWriter } from 'hdr-histogram-js';
import { decodeHistogram } from '../measure/hdr.ts';
import { VMSOAK_VERSION } from '../run/environment.ts';
import type { RunResult } from '../model/result.ts';
import { appendDurably } from './durable-append.ts';
import { listDirectory } from './list-directory.ts';

export const HDR_LOG_DIRECTORY = 'hdr';
const NS_PER_MS = 1e6;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.hlog$/;

export function intervalLogFile(dataDir: string, at: Date): string {
  return path.join(dataDir, HDR_LOG_DIRECTORY, `${at.toISOString().slice(0, 10)}.hlog`);
}

/** Writes through hdr-histogram-js's HistogramLogWriter into a string. */
function writeWith(write: (writer: HistogramLogWriter) => void): string {
  let text = '';
  write(new HistogramLogWriter((chunk) => {
    text += chunk;
  }));
  return text;
}

/** The header a new log starts with. */
export function intervalLogHeader(startedAt: Date): string {
  return writeWith((writer) => {
    writer.outputComment(`[Logged with vmsoak ${VMSOAK_VERSION}; values in ns, Interval_Max in ms]`);
    writer.outputLogFormatVersion();
    // Not writer.outputStartTime: hdr-histogram-js 3.0.1 ends that line with an extra blank line.
    writer.outputComment(`[StartTime: ${(startedAt.getTime() / 1000).toFixed(3)} (seconds since epoch), ${startedAt.toUTCString()}]`);
    writer.outputLegend();
  });
}

/** The interval lines of one run: raw and corrected histogram, each tagged; empty for a run without histograms. */
export function intervalLines(result: RunResult): string {
  if (result.status !== 'ok' || result.histogram === null) return '';
  const start = Date.parse(result.startedAt) / 1000;
  const end = start + result.durationSeconds;
  const tag = `${result.workload}@${result.threads}`;
  return writeWith((writer) => {
    for (const [encoded, suffix] of [[result.histogram, ''], [result.correctedHistogram, '/corrected']] as const) {
      if (encoded === null) continue;
      const histogram = decodeHistogram(encoded);
      try {
        histogram.tag = tag + suffix;
        writer.outputIntervalHistogram(histogram, start, end, NS_PER_MS);
      } finally {
        histogram.destroy();
      }
    }
  });
}

/** Appends every run to the day's log (fsynced, in call order); the file starts with its header. */
export class HdrIntervalLog {
  readonly dataDir: string;
  #tail: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  append(result: RunResult, now = new Date()): Promise<void> {
    const lines = intervalLines(result);
    if (lines === '') return this.#tail;
    const file = intervalLogFile(this.dataDir, now);
    const done = this.#tail.then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await appendDurably(file, lines, intervalLogHeader(now));
    });
    this.#tail = done.catch(() => undefined);
    return done;
  }

  flush(): Promise<void> {
    return this.#tail;
  }

  /** Deletes day files older than `maxAgeMs`, then the oldest days until all fit in `maxBytes`. Returns the files deleted. */
  prune(policy: { maxAgeMs: number; maxBytes: number; now?: number }): Promise<string[]> {
    const done = this.#tail.then(() => pruneDayFiles(path.join(this.dataDir, HDR_LOG_DIRECTORY), policy));
    this.#tail = done.then(() => undefined, () => undefined);
    return done;
  }
}

async function pruneDayFiles(directory: string, policy: { maxAgeMs: number; maxBytes: number; now?: number }): Promise<string[]> {
  const names = await listDirectory(directory);
  const oldestKept = new Date((policy.now ?? Date.now()) - policy.maxAgeMs).toISOString().slice(0, 10);
  const days = await Promise.all(names.filter((name) => DAY_FILE.test(name)).sort().map(async (name) => {
    const file = path.join(directory, name);
    return { file, day: name.slice(0, 10), size: (await stat(file)).size };
  }));
  let total = days.reduce((sum, day) => sum + day.size, 0);
  const deleted: string[] = [];
  // Oldest first; the current day (the last) is never deleted for size, so logging goes on.
  for (const [index, day] of days.entries()) {
    const tooOld = day.day < oldestKept;
    const tooBig = total > policy.maxBytes && index < days.length - 1;
    if (!tooOld && !tooBig) continue;
    await rm(day.file, { force: true });
    total -= day.size;
    deleted.push(day.file);
  }
  return deleted;
}
