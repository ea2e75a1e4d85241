/**
 * The runner process: forked by runner-process.ts, it hosts the worker threads of the runs
 * its parent asks for, one at a time, and sends each RunResult back as soon as it is
 * assembled. It does its start-up (clock calibration, HDR WASM, the workload modules it is
 * asked for) before the measured time: `ready` goes out only once the clock is calibrated.
 *
 * The kernel's OOM killer is told to pick it first (oom-score.ts). It takes orders from
 * its parent only: SIGINT and SIGTERM (a Ctrl-C reaches the whole process group) are
 * ignored, and when the IPC channel closes (the parent exited, or was SIGKILLed) it exits,
 * so a runner never outlives its daemon.
 */
import { initHdr } from '../../measure/hdr.ts';
import { liveWorkerCount } from '../../pool/run-threads.ts';
import type { Workload } from '../../workloads/api.ts';
import { environment } from '../environment.ts';
import { runPlanned } from '../suite.ts';
import { preferOwnOomKill } from './oom-score.ts';
import { ownPeakRssBytes, resetOwnPeakRss } from './process-rss.ts';
import type { RunErrorMessage, RunRequest, ResultMessage, ReadyMessage } from './protocol.ts';

const send = process.send?.bind(process);
if (send === undefined) {
  process.stderr.write('vmsoak runner: must be started by vmsoak (no IPC channel)\n');
  process.exit(2);
}

const ignore = (): void => undefined;
process.on('SIGINT', ignore);
process.on('SIGTERM', ignore);
process.on('disconnect', () => process.exit(0));
preferOwnOomKill();

const workloads = new Map<string, Promise<Workload>>();

function workloadAt(moduleUrl: string): Promise<Workload> {
  let loaded = workloads.get(moduleUrl);
  if (loaded === undefined) {
    loaded = import(moduleUrl).then((module: { default: Workload }) => module.default);
    workloads.set(moduleUrl, loaded);
  }
  return loaded;
}

// Runs arrive one at a time (the parent waits for each result), but chain them anyway so
// that two never share the CPUs.
let queue: Promise<void> = Promise.resolve();

async function run(request: RunRequest): Promise<void> {
  let workload: Workload;
  try {
    workload = await workloadAt(request.planned.moduleUrl);
  } catch (error) {
    const failure: RunErrorMessage = { type: 'run-error', id: request.id, message: `cannot import ${request.planned.moduleUrl}: ${(error as Error).message}` };
    send!(failure);
    return;
  }
  resetOwnPeakRss();
  let result;
  try {
    const { moduleUrl, params, ...rest } = request.planned;
    const entry = { workload: { ...workload, params }, moduleUrl, builtin: false };
    result = await runPlanned(request.config, { ...rest, entry }, request.phases);
  } catch (error) {
    // runPlanned turns a workload's every failure into a result; this is vmsoak's own bug
    // (a worker that cannot even be created), and it fails this run, not the runner.
    const failure: RunErrorMessage = { type: 'run-error', id: request.id, message: (error as Error).message };
    send!(failure);
    return;
  }
  if (result === null) throw new Error('a run without an abort signal cannot be aborted');
  const message: ResultMessage = {
    type: 'result', id: request.id, liveWorkers: liveWorkerCount(), result: { ...result, runnerPeakRssBytes: ownPeakRssBytes() },
  };
  send!(message);
}

process.on('message', (raw: unknown) => {
  const request = raw as RunRequest;
  if (request?.type !== 'run') return;
  queue = queue.then(() => run(request));
});

await initHdr();
environment();
const ready: ReadyMessage = { type: 'ready' };
send(ready);
