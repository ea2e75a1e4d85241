/**
 * Durations as people write them in YAML, env vars and flags ("250ms", "2s", "1.5m", "1h"),
 * turned into milliseconds. A bare number, or a string of digits, is milliseconds.
 */
import { UsageError } from '../errors.ts';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/;

/**
 * setTimeout() fires immediately for delays above 2^31-1 ms, so a longer timeout would
 * silently turn into "no time at all"; refuse it instead.
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;

export type DurationProblem = 'syntax' | 'negative' | 'too-long';
export type DurationParse = { ok: true; ms: number } | { ok: false; kind: DurationProblem; problem: string };

export const DURATION_EXAMPLES = '250ms, 2s, 1.5m or 1h (a bare number is milliseconds)';

/** Parses without throwing, for the schema, which reports the problem under its key path. */
export function tryParseDuration(value: unknown): DurationParse {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, kind: 'syntax', problem: `must be a finite duration (got ${value})` };
    ms = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('-')) return { ok: false, kind: 'negative', problem: `must not be negative (got "${value}")` };
    const match = DURATION.exec(text);
    if (!match) return { ok: false, kind: 'syntax', problem: `invalid duration "${value}" (write e.g. ${DURATION_EXAMPLES})` };
    ms = Number(match[1]) * UNIT_MS[match[2] ?? 'ms'];
  } else {
    return { ok: false, kind: 'syntax', problem: `must be a duration such as "2s" or a number of milliseconds (got ${typeof value})` };
  }
  if (ms < 0) return { ok: false, kind: 'negative', problem: `must not be negative (got ${JSON.stringify(value)})` };
  if (ms > MAX_DURATION_MS) {
    return { ok: false, kind: 'too-long', problem: `must be at most ${MAX_DURATION_MS}ms, about 24 days (got ${JSON.stringify(value)})` };
  }
  return { ok: true, ms };
}

/** Parses a duration; `key` names the config key, env var or flag in the error. */
export function parseDuration(value: string | number, key: string): number {
  const parsed = tryParseDuration(value);
  if (!parsed.ok) throw new UsageError(`${key}: ${parsed.problem}`);
  return parsed.ms;
}

/** The inverse for messages and reports: the largest unit that keeps the number short. */
export function formatDuration(ms: number): string {
  if (ms >= UNIT_MS.h && ms % UNIT_MS.h === 0) return `${ms / UNIT_MS.h}h`;
  if (ms >= UNIT_MS.m && ms % UNIT_MS.m === 0) return `${ms / UNIT_MS.m}m`;
  if (ms >= UNIT_MS.s) return `${Number((ms / UNIT_MS.s).toPrecision(6))}s`;
  return `${Number(ms.toPrecision(6))}ms`;
}
