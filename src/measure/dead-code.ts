/**
 * The dead-code verdict of batched timing: an op whose fastest batch costs no more than
 * DEAD_CODE_RATIO times the fastest batch of a no-op with the same N was probably
 * optimized away.
 *
 * Both sides are judged on their fastest batch, a lower envelope: preemption, a time
 * slice lost to another process or a GC pause can only make a batch slower, never
 * faster, so a busy machine cannot move either figure down. (The op's mean, judged
 * before, moved up under load and hid dead code; a mean on the no-op side made honest ops
 * look dead at 16 threads on 2 cores.)
 *
 * What a busy machine can do is keep the no-op's loop unoptimized for the whole of its
 * short baseline window: the thread gets a fraction of the window's wall time, so too
 * little work for V8 to tier the loop up, and V8 compiles on a background thread, which a
 * loaded machine starves too. The no-op then ran interpreted (~20-35 ns/op instead of ~1)
 * and honest ops of that cost looked dead. So the baseline's warm-up has a minimum of work
 * (batch.ts), and a suspicion is confirmed before it is reported: the no-op is timed again
 * after the measurement, when its compilation has had all that time, until either it
 * proves faster than the op (not dead) or the confirmation window and a minimum of
 * batches are over (dead).
 */

/** An op at most this many times as slow as the no-op is suspected of being dead code. */
export const DEAD_CODE_RATIO = 1.5;

export function looksDead(fastestOpNsPerOp: number, fastestNoopNsPerOp: number): boolean {
  return fastestOpNsPerOp <= DEAD_CODE_RATIO * fastestNoopNsPerOp;
}

export interface DeadCodeVerdict {
  suspectDeadCode: boolean;
  /** The fastest no-op batch seen, in ns/op, confirmation included. */
  noopNsPerOp: number;
}

export interface NoopRetiming {
  /** Times one more no-op batch; returns its ns/op. */
  timeNoopBatch: () => number;
  /** The clock (ns) the confirmation window is read on. */
  now: () => number;
  /** How long to keep retiming the no-op before a suspicion stands... */
  windowNs: number;
  /** ...and in how many batches at least, however little of the window the thread got. */
  minBatches: number;
}

/**
 * The verdict on an op whose fastest batch took `fastestOpNsPerOp`, the no-op's baseline
 * being `fastestNoopNsPerOp`; retimes the no-op only when the op looks dead.
 */
export function judgeDeadCode(fastestOpNsPerOp: number, fastestNoopNsPerOp: number, retiming: NoopRetiming): DeadCodeVerdict {
  let noopNsPerOp = fastestNoopNsPerOp;
  if (!looksDead(fastestOpNsPerOp, noopNsPerOp)) return { suspectDeadCode: false, noopNsPerOp };
  const end = retiming.now() + retiming.windowNs;
  let batches = 0;
  do {
    noopNsPerOp = Math.min(noopNsPerOp, retiming.timeNoopBatch());
    batches++;
    if (!looksDead(fastestOpNsPerOp, noopNsPerOp)) return { suspectDeadCode: false, noopNsPerOp };
  } while (retiming.now() < end || batches < retiming.minBatches);
  return { suspectDeadCode: true, noopNsPerOp };
}
