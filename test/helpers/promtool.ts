/**
 * promtool from Debian's `prometheus` package, for the rule checks and the backfill of the
 * live test. A test that needs it passes `{ skip: promtoolSkipReason() }`.
 */
import { execFile } from 'node:child_process';
import { externalBinary } from './external-binary.ts';

const PROMTOOL = externalBinary({ name: 'promtool', envVar: 'PROMTOOL_PATH', paths: ['/usr/bin/promtool'], install: 'apt-get install prometheus' });

export const findPromtool = PROMTOOL.find;
export const promtoolSkipReason = PROMTOOL.skipReason;

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
