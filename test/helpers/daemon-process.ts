/**
 * `vmsoak run` as a child process with a config written to a temp dir: resolves once it
 * logged where it listens. `stop()` sends SIGTERM, then SIGKILL after the grace period,
 * and removes the temp dir; it is safe to call twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
/** Start-up (catalog load, clock calibration) takes about a second; a loaded machine gets 30. */
const STARTUP_LIMIT_MS = 30_000;

export interface DaemonProcess {
  child: ChildProcess;
  /** Base URL, e.g. http://127.0.0.1:41234/ */
  baseUrl: string;
  /** host:port, as a Prometheus target. */
  address: string;
  dir: string;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * `config` is the YAML config as an object; listen and dataDir default to a free loopback
 * port and the temp dir. logLevel is always info: the "listening" line is an info line.
 */
export async function spawnDaemon(config: Record<string, unknown>, graceMs = 10_000): Promise<DaemonProcess> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-daemon-process-'));
  const configFile = path.join(dir, 'vmsoak.yaml');
  await writeFile(configFile, stringify({ listen: '127.0.0.1:0', dataDir: path.join(dir, 'data'), ...config, logLevel: 'info' }));
  const child = spawn(NODE, [path.join(ROOT, 'src/cli.ts'), 'run', '--config', configFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const listening = Promise.withResolvers<string>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const entry = JSON.parse(line) as { url?: unknown };
      if (typeof entry.url === 'string') listening.resolve(entry.url);
    } catch {
      // not a log line
    }
  });
  void exited.then(() => listening.reject(new Error(`vmsoak exited (${child.exitCode}) before listening: ${stderr}`)));
  const startup = setTimeout(() => listening.reject(new Error(`vmsoak did not log where it listens within ${STARTUP_LIMIT_MS} ms: ${stderr}`)), STARTUP_LIMIT_MS);
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  try {
    const baseUrl = await listening.promise.finally(() => clearTimeout(startup));
    return { child, baseUrl, address: new URL(baseUrl).host, dir, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
