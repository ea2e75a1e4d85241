/** Runs the CLI as a child process, the way a user or a CI job does. */
import { execFile } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const CLI = path.join(ROOT, 'src/cli.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  // No VMSOAK_* from the developer's shell may leak into the tests.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VMSOAK_')));
  return new Promise((resolve) => {
    execFile(NODE, [CLI, ...args], { cwd: ROOT, env: { ...clean, NO_COLOR: '1', ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The shape every user mistake must have: exit 2, exactly one line on stderr, no stack trace. */
export function isUsageFailure(result: CliResult): string | null {
  if (result.code !== 2) return `exit code ${result.code}, stderr: ${result.stderr}`;
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  if (lines.length !== 1) return `expected one stderr line, got ${lines.length}: ${result.stderr}`;
  if (result.stderr.includes('    at ')) return `stack trace on stderr: ${result.stderr}`;
  return null;
}
