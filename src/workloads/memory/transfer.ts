/**
 * ArrayBuffer transfer between threads: a 1 MiB buffer goes to an echo thread with
 * postMessage and a transfer list, and comes back the same way; one op is the round
 * trip. A transfer moves the backing store instead of copying it, so its cost should not
 * depend on the size; the reference does the same round trip by structured clone (two
 * copies), and transfer_speedup = copy round trip / transfer round trip shows it.
 *
 * Checks on every round trip, counted as errors: the sender's buffer is detached once
 * sent (byteLength 0: it no longer owns the memory), and what comes back is the full
 * buffer with the sender's and the echo thread's stamps in it.
 *
 * Two real threads, but not two threads of the run: the pool connects its threads only by
 * shared memory, and a transfer needs a MessagePort, so the run thread starts its own
 * echo thread (see inner-workers.ts).
 */
import { nowNs } from '../../measure/clock.ts';
import { referencePhases } from '../../measure/reference-batched.ts';
import { defineWorkload } from '../api.ts';
import { InnerWorkers } from '../inner-workers.ts';
import { defineParams, integerParam } from '../params.ts';
import { TRANSFER_ROUND_TRIP_TARGET_NS } from './targets.ts';
import { measureRounds } from '../async/measure-rounds.ts';
import { ECHO_STAMP, type TransferMessage } from './transfer-message.ts';

const ECHO_ENTRY = new URL('./transfer-echo-worker.ts', import.meta.url);

export default defineWorkload({
  name: 'memory.transfer',
  category: 'memory',
  tier: 2,
  description: 'Round trip of a 1 MiB ArrayBuffer to another thread and back by postMessage with a transfer list; structured-clone copy as the reference.',
  params: defineParams([1], { bufferBytes: integerParam({ min: 8, max: 256 * 1024 * 1024, default: 1024 * 1024 }) }),
  maxThreads: 1,
  kpis: [
    {
      name: 'transfer_round_trip',
      description: '99th percentile of a transfer round trip (vmsoak: < 200 µs, the seeds\' 100 µs scheduling latency each way).',
      statistic: 'p99',
      target: TRANSFER_ROUND_TRIP_TARGET_NS,
      direction: 'max',
      unit: 'ns',
      severity: 'warning',
    },
  ],
  async run(ctx) {
    const bytes = ctx.params.bufferBytes;
    const workers = new InnerWorkers();
    try {
      const echo = workers.spawn(ECHO_ENTRY, null);
      let reply: ((message: TransferMessage) => void) | null = null;
      echo.on('message', (message: TransferMessage) => {
        const resolve = reply;
        reply = null;
        resolve?.(message);
      });
      let buffer = new ArrayBuffer(bytes);
      let seq = 0;
      let errors = 0;
      const roundTrip = async (transfer: boolean): Promise<number> => {
        seq++;
        const words = new Uint32Array(buffer);
        words[0] = seq >>> 0;
        words[1] = 0;
        const arrived = new Promise<TransferMessage>((resolve) => {
          reply = resolve;
        });
        const start = nowNs();
        echo.postMessage({ seq, buffer, transfer } satisfies TransferMessage, transfer ? [buffer] : []);
        const sentAway = buffer.byteLength === 0;
        const message = await Promise.race([arrived, workers.failed]);
        const elapsed = nowNs() - start;
        buffer = message.buffer;
        const back = new Uint32Array(buffer);
        if (sentAway !== transfer || buffer.byteLength !== bytes || back[0] !== seq >>> 0 || back[1] !== ((seq ^ ECHO_STAMP) >>> 0)) errors++;
        return elapsed;
      };

      // The copying reference, before the barrier, like measureReferenceBatched's.
      const { warmupNs, durationNs } = referencePhases(ctx.phases);
      for (const until = nowNs() + warmupNs; nowNs() < until;) await roundTrip(false);
      let copyNs = 0;
      let copies = 0;
      for (const until = nowNs() + durationNs; copies === 0 || nowNs() < until; copies++) copyNs += await roundTrip(false);

      const outcome = await measureRounds(ctx, () => roundTrip(true), 1);
      const copyRoundTripNs = copyNs / copies;
      return {
        ...outcome,
        metrics: {
          transfer_round_trip_ns: outcome.nsPerOp,
          copy_round_trip_ns: copyRoundTripNs,
          transfer_speedup: outcome.nsPerOp > 0 ? copyRoundTripNs / outcome.nsPerOp : 0,
          errors,
        },
      };
    } finally {
      await workers.terminateAll();
    }
  },
});
