/**
 * A daemon started as a child process for the tests that need a real one: an idle config
 * (one suite that never runs on its own), a port the OS picks, a fresh data directory,
 * and helpers that wait for a log line or for a process to be gone, within generous bounds
 * (the machine may be busy; nothing here judges how fast).
 */
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../helpers/processes.ts';

export const WAIT_MS = 60_000;

export interface IdleDaemonFiles {
  dir: string;
  config: string;
  dataDir: string;
  /** The flags that make `vmsoak run` idle, on a free port of 127.0.0.1, with its own data directory. */
  args: string[];
  remove(): void;
}

export function idleDaemonFiles(): IdleDaemonFiles {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-daemon-'));
  const config = path.join(dir, 'idle.yaml');
  const dataDir = path.join(dir, 'data');
  // New Year's midnight, never on start: the daemon serves and waits, and measures nothing.
  writeFileSync(config, 'suites:\n  - name: idle\n    schedule: "0 0 1 1 *"\n    runOnStart: false\n    workloads: ["contention.padded-counter"]\n');
  return {
    dir, config, dataDir,
    args: ['--config', config, '--listen', '127.0.0.1:0', '--data-dir', dataDir],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The environment of the test, without VMSOAK_* settings of the developer's shell. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VMSOAK_'))), ...extra };
}

/** Collects a child's stdout as text; `waitFor` resolves with the first line that matches. */
export class OutputLines {
  text = '';

  constructor(child: ChildProcess) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.text += chunk;
    });
  }

  get lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }

  async waitFor(pattern: RegExp, what: string): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const line = this.lines.find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${WAIT_MS / 1000} s; output so far:\n${this.text}`);
      await sleep(100);
    }
  }
}

/** Resolves once `pid` is gone; rejects if it is still there after WAIT_MS. */
export async function waitUntilGone(pid: number, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`${what} (pid ${pid}) still running ${WAIT_MS / 1000} s after SIGTERM`);
    await sleep(100);
  }
}
