/**
 * `vmsoak run` as a child process, as an operator runs it, for the parts that measure the
 * daemon from outside (its CPU, its memory, its scrape latency). The config is written to
 * a temp dir; the child's JSON log lines are kept and can be awaited, which is how the
 * parts learn when a pass starts and ends.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const STOP_GRACE_MS = 15_000;

/** A cron expression that does not fire during a benchmark: midnight on January 1st. */
export const NEVER = '0 0 1 1 *';

export interface LogLine {
  msg?: string;
  time?: number;
  suite?: string;
  [field: string]: unknown;
}

export interface DaemonProcess {
  pid: number;
  /** Base URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  metricsUrl: string;
  dataDir: string;
  /** Resolves with the first log line from now on that matches. */
  nextLog(matches: (line: LogLine) => boolean, what: string, timeoutMs: number): Promise<LogLine>;
  /** SIGTERM, SIGKILL after a grace period; the data dir stays readable. Safe to call twice. */
  terminate(): Promise<void>;
  /** terminate(), then the temp dir is removed. */
  stop(): Promise<void>;
}

export interface DaemonProcessOptions {
  /** The child's environment; default this process's. */
  env?: NodeJS.ProcessEnv;
  /** More top-level config keys (e.g. `runner`). */
  config?: Record<string, unknown>;
}

/** `suites` as the YAML config writes them (durations as "500ms" strings). */
export async function startDaemonProcess(suites: readonly Record<string, unknown>[], options: DaemonProcessOptions = {}): Promise<DaemonProcess> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-bench-'));
  const dataDir = path.join(dir, 'data');
  const configFile = path.join(dir, 'vmsoak.yaml');
  await writeFile(configFile, stringify({
    listen: '127.0.0.1:0', dataDir, logLevel: 'info', shutdownTimeout: '10s', runTimeout: '120s', suites, ...options.config,
  }));
  const child = spawn(NODE, [path.join(ROOT, 'src/cli.ts'), 'run', '--config', configFile], { cwd: dir, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  const waiters = new Set<{ matches: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return; // not a log line
    }
    for (const waiter of waiters) {
      if (waiter.matches(line)) {
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });
  const nextLog = (matches: (line: LogLine) => boolean, what: string, timeoutMs: number): Promise<LogLine> => {
    const found = Promise.withResolvers<LogLine>();
    const waiter = { matches, resolve: found.resolve };
    waiters.add(waiter);
    const timer = setTimeout(() => {
      waiters.delete(waiter);
      found.reject(new Error(`vmsoak did not log ${what} within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    void exited.then(() => found.reject(new Error(`vmsoak exited (${child.exitCode}) before logging ${what}: ${stderr.slice(-2000)}`)));
    return found.promise.finally(() => clearTimeout(timer));
  };
  const listening = nextLog((line) => typeof line.url === 'string', 'where it listens', 60_000);

  let terminated: Promise<void> | null = null;
  const terminate = (): Promise<void> => {
    terminated ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
    })();
    return terminated;
  };
  const stop = async (): Promise<void> => {
    await terminate();
    // VMSOAK_BENCH_KEEP_DATA=1 keeps the daemon's config and data (its results log) for a look afterwards.
    if (process.env.VMSOAK_BENCH_KEEP_DATA === '1') process.stderr.write(`[bench] kept the daemon's data in ${dir}\n`);
    else await rm(dir, { recursive: true, force: true });
  };
  try {
    const url = (await listening).url as string;
    return { pid: child.pid as number, url, metricsUrl: new URL('metrics', url).href, dataDir, nextLog, terminate, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const passStarted = (suite: string) => (line: LogLine): boolean => line.event === 'suite pass started' && line.suite === suite;
export const passEnded = (suite: string) => (line: LogLine): boolean =>
  line.suite === suite && (line.event === 'suite pass finished' || line.event === 'suite pass failed' || line.event === 'suite pass aborted by shutdown');
