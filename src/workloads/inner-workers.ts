/**
 * Worker threads that a workload starts inside its own run thread (the echo thread of a
 * transfer, the stages of a pipeline), when the run's threads cannot talk to each other
 * through MessagePorts: the pool connects them only by shared memory and a barrier.
 *
 * Any of them throwing, or exiting with a non-zero code, fails the run: `failed` rejects
 * (race it against what the run awaits) and `failure` says why (poll it from a loop that
 * blocks in Atomics.wait and so never sees an event). `terminateAll` must run on every
 * path, so a failed run leaves no thread behind.
 */
import { once } from 'node:events';
import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';

/** Enough for a stage or an echo loop; keeps a runaway inner thread from taking the pool's memory. */
const INNER_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

export class InnerWorkers {
  readonly #workers: Worker[] = [];
  #failure: Error | null = null;
  #stopping = false;
  #fail!: (error: Error) => void;
  /** Rejects with the first failure of any inner worker; never resolves. */
  readonly failed: Promise<never>;

  constructor() {
    this.failed = new Promise<never>((_resolve, reject) => {
      this.#fail = reject;
    });
    // Nobody may be racing it when a worker fails; that is not an unhandled rejection.
    this.failed.catch(() => {});
  }

  get failure(): Error | null {
    return this.#failure;
  }

  spawn(entry: URL, workerData: unknown, transferList: readonly Transferable[] = []): Worker {
    const worker = new Worker(entry, { workerData, transferList: [...transferList], resourceLimits: INNER_RESOURCE_LIMITS });
    worker.on('error', (error) => this.#record(new Error(`inner worker ${entry.pathname.split('/').pop()}: ${error.message}`)));
    // Exit code 0 is a worker that finished its job; one that finished too early shows up
    // as a message that never comes, which the caller's own deadline has to catch.
    worker.on('exit', (code) => {
      if (!this.#stopping && code !== 0) this.#record(new Error(`inner worker ${entry.pathname.split('/').pop()} exited with code ${code}`));
    });
    this.#workers.push(worker);
    return worker;
  }

  /** The next message `worker` posts to its parent; rejects when any inner worker fails first. */
  async nextMessage(worker: Worker): Promise<unknown> {
    const [message] = await Promise.race([once(worker, 'message'), this.failed]);
    return message;
  }

  #record(error: Error): void {
    if (this.#failure !== null) return;
    this.#failure = error;
    this.#fail(error);
  }

  /** Stops every inner worker and waits until all have exited. Idempotent. */
  async terminateAll(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
