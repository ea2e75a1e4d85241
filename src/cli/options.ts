/**
 * Parsers for command-line values. They throw commander's InvalidArgumentError, which
 * commander turns into one line naming the option, e.g.
 * `error: option '--threads <list>' argument '0' is invalid. ...`.
 */
import { InvalidArgumentError } from 'commander';
import { DURATION_EXAMPLES, MAX_DURATION_MS, tryParseDuration } from '../config/duration.ts';
import { MAX_THREADS } from '../config/schema.ts';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** "1,2,4" → [1, 2, 4]; repeated flags accumulate. */
export function parseThreadList(value: string, previous: number[] = []): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const counts = parts.map(Number);
  if (parts.some((part) => !/^\d+$/.test(part)) || counts.some((n) => n < 1 || n > MAX_THREADS)) {
    throw new InvalidArgumentError(`Thread counts must be a comma-separated list of integers between 1 and ${MAX_THREADS}, e.g. 1,2,4.`);
  }
  const all = [...previous, ...counts];
  if (new Set(all).size !== all.length) throw new InvalidArgumentError('A thread count is given twice.');
  return all;
}

function durationParser(allowZero: boolean) {
  return (value: string): number => {
    const parsed = tryParseDuration(value);
    if (!parsed.ok) {
      const why = parsed.kind === 'negative' ? 'It must not be negative.'
        : parsed.kind === 'too-long' ? `It must be at most ${MAX_DURATION_MS}ms (about 24 days).` : `Write e.g. ${DURATION_EXAMPLES}.`;
      throw new InvalidArgumentError(why);
    }
    if (!allowZero && parsed.ms === 0) throw new InvalidArgumentError('It must be longer than zero.');
    return parsed.ms;
  };
}

/** A duration > 0, in milliseconds. */
export const parsePositiveDuration = durationParser(false);
/** A duration ≥ 0, in milliseconds. */
export const parseDuration = durationParser(true);

export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('Must be a positive integer.');
  return n;
}

/** A factor above 1, e.g. VmsoakNodeOutlier's `--outlier-factor 1.5`. */
export function parseFactorAboveOne(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 1) throw new InvalidArgumentError('Must be a number above 1, e.g. 1.5.');
  return n;
}

export function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 2 ** 32 - 1) throw new InvalidArgumentError('Must be an integer between 0 and 4294967295.');
  return n;
}

/** For options that may be repeated: `--workload a --workload b`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
