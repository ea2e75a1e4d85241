/**
 * Finding a real external program a test needs (chromium, prometheus, promtool): an
 * environment variable first, then where Debian installs it. A test that needs one passes
 * `{ skip: binary.skipReason() }`, so it runs against the real program, or is skipped with
 * the reason printed when the program is not installed.
 */
import { existsSync } from 'node:fs';

export interface ExternalBinaryOptions {
  /** As the reason names it, e.g. "Chromium". */
  name: string;
  /** Overrides the search, e.g. CHROMIUM_PATH. */
  envVar: string;
  paths: readonly string[];
  /** How to get it, e.g. "apt-get install chromium". */
  install: string;
}

export interface ExternalBinary {
  find(): string | null;
  /** False when installed, else why a test that needs it cannot run. */
  skipReason(): string | false;
}

export function externalBinary(options: ExternalBinaryOptions): ExternalBinary {
  const candidates = () => [process.env[options.envVar], ...options.paths].filter((candidate): candidate is string => candidate !== undefined && candidate !== '');
  const find = () => candidates().find((candidate) => existsSync(candidate)) ?? null;
  return {
    find,
    skipReason: () => (find() === null
      ? `${options.name} not installed (looked for ${candidates().join(', ')}); ${options.install}, or set ${options.envVar}`
      : false),
  };
}
