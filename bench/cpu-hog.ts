/**
 * A CPU hog for the benchmarks: one child process spinning per CPU this process may use.
 * Children inherit the affinity mask, so under `taskset -c 0` one child spins on CPU 0,
 * and on an unpinned 2-CPU machine two spin, wherever the scheduler puts them. Each child
 * stops by itself after a bound, so none outlives a crashed benchmark for long; stop()
 * kills them sooner. The interval recorded runs from the first spawn to the last exit, the
 * whole time the hog could have taken CPU.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { Interval } from './hog-overlap.ts';

const spinSource = (boundMs: number): string => `
  process.stdout.write('spinning\\n');
  const end = Date.now() + ${boundMs};
  while (Date.now() < end) {}
`;

export interface HogEpisode extends Interval {
  children: number;
}

export class CpuHog {
  readonly #children: ChildProcess[] = [];
  #startedMs: number | null = null;
  #count = 0;
  /** Every episode so far, in order, with the times it really held. */
  readonly episodes: HogEpisode[] = [];

  /** The CPUs this process may run on, as the scheduler offers them (affinity honoured). */
  static cpus(): number {
    return os.availableParallelism();
  }

  /** Starts one spinning child per CPU; resolves once every child spins. `boundMs`: each child's own limit. */
  async start(boundMs: number, children = CpuHog.cpus()): Promise<void> {
    if (this.#startedMs !== null) throw new Error('the hog is already running');
    this.#startedMs = Date.now();
    this.#count = children;
    await Promise.all(Array.from({ length: children }, () => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', spinSource(Math.ceil(boundMs))], { stdio: ['ignore', 'pipe', 'inherit'] });
      this.#children.push(child);
      child.once('error', reject);
      child.once('exit', () => resolve()); // a child that dies at once must not hang the benchmark
      child.stdout!.once('data', () => resolve());
    })));
  }

  /** Kills the children and resolves once all have exited; records the episode. Safe to call when stopped. */
  async stop(): Promise<void> {
    if (this.#startedMs === null) return;
    await Promise.all(this.#children.splice(0).map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    })));
    this.episodes.push({ fromMs: this.#startedMs, toMs: Date.now(), children: this.#count });
    this.#startedMs = null;
  }
}
