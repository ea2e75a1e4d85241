/**
 * promtool from Debian's `prometheus` package, for the rule checks and the backfill of the
 * live test. A test that needs it passes `{ skip: promtoolSkipReason() }`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [process.env.PROMTOOL_PATH, '/usr/bin/promtool'];

export function findPromtool(): string | null {
  return CANDIDATES.find((candidate): candidate is string => candidate !== undefined && candidate !== '' && existsSync(candidate)) ?? null;
}

export function promtoolSkipReason(): string | false {
  return findPromtool() === null
    ? `promtool not installed (looked for ${CANDIDATES.filter(Boolean).join(', ')}); apt-get install prometheus, or set PROMTOOL_PATH`
    : false;
}

export interface PromtoolOutcome {
  code: number;
  output: string;
}

/** Runs promtool with `args`; resolves with its exit code and its stdout and stderr together. */
export function promtool(args: readonly string[], cwd?: string): Promise<PromtoolOutcome> {
  const binary = findPromtool();
  if (binary === null) return Promise.reject(new Error(promtoolSkipReason() || 'promtool not found'));
  return new Promise((resolve) => {
    execFile(binary, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}
