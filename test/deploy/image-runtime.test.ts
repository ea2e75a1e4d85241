/**
 * The image's runtime, reproduced without Docker: the Dockerfile's stages are replayed in
 * a temporary directory (exactly the files its COPY lines name, and its own
 * `npm ci --omit=dev`), then the command of ENTRYPOINT + CMD is started there, with the
 * image's ENV, as the chart starts it (plus --config). A runtime import of a
 * devDependency, a source directory the image forgets, or a write outside dataDir shows
 * up here. The one difference from the image: `node` is the Node 24 of the node
 * devDependency, since the system node may be older.
 *
 * One npm install per run (against the npm registry, as `docker build` does).
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { RunResult } from '../../src/model/result.ts';
import { resultsLogPath } from '../../src/store/results-log.ts';
import { numericValue, parseExposition, sample } from '../export/prom-text.ts';
import { loadDockerfile, NODE24, REPO_ROOT } from './dockerfile-model.ts';
import { replayImage, type ReplayedImage } from './image-replay.ts';

const WORKLOAD = 'scheduler.coroutine-create';
const SUITE = 'image';
const SHUTDOWN_TIMEOUT_MS = 10_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const dockerfile = loadDockerfile();
const runtime = dockerfile.runtime;
const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const lockfile = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean }>;
};

let workRoot: string;
let image: ReplayedImage;
let dataDir: string;
let listen: string;
let child: ChildProcess | undefined;
let exit: Promise<Exit>;
let stderr = '';
let appFilesBefore: string[];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** argv[0] "node" of an exec-form command, replaced by the Node 24 binary. */
function withNode24(argv: readonly string[]): string[] {
  assert.equal(argv[0], 'node', `the image runs ${argv[0]}, not node`);
  return [NODE24, ...argv.slice(1)];
}

/** The image's environment: its ENV lines, a bare PATH, and this test's data dir and port. */
function imageEnv(): NodeJS.ProcessEnv {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', ...runtime.env, VMSOAK_DATA_DIR: dataDir, VMSOAK_LISTEN: listen };
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name))).sort();
}

function url(pathname: string): string {
  return `http://${listen}${pathname}`;
}

/** Polls `check` until it returns a value, failing early (with stderr) if the daemon exits. */
async function until<T>(check: () => Promise<T | undefined>, what: string, limitMs: number): Promise<T> {
  const deadline = Date.now() + limitMs;
  let exited: Exit | undefined;
  void exit.then((value) => {
    exited = value;
  });
  for (;;) {
    if (exited !== undefined) throw new Error(`vmsoak exited (${JSON.stringify(exited)}) while waiting for ${what}:\n${stderr}`);
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function scrapeRuns(): Promise<number | undefined> {
  const families = parseExposition(await (await fetch(url('/metrics'))).text());
  const passes = numericValue(sample(families, 'vmsoak_suite_runs_total', { suite: SUITE }));
  return passes >= 1 ? passes : undefined;
}

function runHealthcheck(): Promise<number> {
  assert.ok(runtime.healthcheck);
  const [command, ...args] = withNode24(runtime.healthcheck);
  return new Promise((resolve) => {
    execFile(command, args, { env: imageEnv(), timeout: 10_000 }, (error) => {
      resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : -1);
    });
  });
}

before(async () => {
  workRoot = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-image-'));
  image = await replayImage(dockerfile, REPO_ROOT, workRoot);
  appFilesBefore = await listFiles(image.appDir);
  dataDir = path.join(workRoot, 'volume-data');
  listen = `127.0.0.1:${await freePort()}`;
  const configFile = path.join(workRoot, 'vmsoak.yaml');
  await writeFile(configFile, stringify({
    logLevel: 'info',
    shutdownTimeout: `${SHUTDOWN_TIMEOUT_MS}ms`,
    suites: [{ name: SUITE, schedule: '0 0 1 1 *', runOnStart: true, workloads: [WORKLOAD], duration: '200ms', warmup: '50ms' }],
  }));
  assert.ok(runtime.entrypoint && runtime.cmd, 'the runtime stage has an exec-form ENTRYPOINT and CMD');
  const [command, ...args] = withNode24([...runtime.entrypoint, ...runtime.cmd, '--config', configFile]);
  child = spawn(command, args, { cwd: image.appDir, env: imageEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  exit = new Promise((resolve) => {
    child?.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
});

after(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (workRoot) await rm(workRoot, { recursive: true, force: true });
});

describe('the image runtime, replayed from docker/Dockerfile', () => {
  it('replayed the production install and left the devDependencies out', () => {
    assert.ok(image.replayed.some((command) => /npm ci\b.*--omit=dev/.test(command)), `replayed: ${JSON.stringify(image.replayed)}`);
    assert.ok(existsSync(path.join(image.appDir, 'node_modules/prom-client/package.json')), 'a production dependency is installed');
    const devOnly = Object.keys(lockfile.packages).filter((key) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key) && lockfile.packages[key].dev);
    assert.ok(devOnly.length > 0);
    for (const key of devOnly) assert.equal(existsSync(path.join(image.appDir, key)), false, `${key} is dev-only but installed`);
  });

  it('serves /metrics with vmsoak_build_info and completes a real run on worker threads', async () => {
    await until(async () => ((await fetch(url('/-/ready'))).status === 200 ? true : undefined), 'readiness', 60_000);
    const families = parseExposition(await (await fetch(url('/metrics'))).text());
    const buildInfo = sample(families, 'vmsoak_build_info');
    assert.equal(buildInfo.labels?.version, packageJson.version);
    assert.equal(numericValue(buildInfo), 1);
    await until(scrapeRuns, `a completed pass of ${WORKLOAD}`, 60_000);
    const after = parseExposition(await (await fetch(url('/metrics'))).text());
    assert.equal(numericValue(sample(after, 'vmsoak_runs_total', { workload: WORKLOAD, threads: '1' })), 1);
    // The workload module loads in the worker: a dev-only import there fails the run, not the daemon.
    const { results } = await (await fetch(url('/api/results'))).json() as { results: RunResult[] };
    assert.deepEqual(results.map((result) => [result.workload, result.status, result.error?.message]), [[WORKLOAD, 'ok', undefined]]);
  });

  it('passes its HEALTHCHECK while running', async () => {
    assert.equal(await runHealthcheck(), 0);
  });

  it('writes only to dataDir, so a read-only root filesystem is enough', async () => {
    assert.ok(existsSync(resultsLogPath(dataDir)), 'the results log is in VMSOAK_DATA_DIR');
    assert.deepEqual(await listFiles(image.appDir), appFilesBefore);
  });

  it('exits 0 on SIGTERM, within the shutdown timeout', async () => {
    assert.ok(child);
    child.kill('SIGTERM');
    const result = await Promise.race([
      exit,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), SHUTDOWN_TIMEOUT_MS + 5000).unref()),
    ]);
    assert.deepEqual(result, { code: 0, signal: null }, stderr);
  });

  it('fails its HEALTHCHECK once the daemon is gone', async () => {
    assert.notEqual(await runHealthcheck(), 0);
  });
});
