/**
 * Snapshot creation: the guest machine (registers, flags, pc, data memory, stack, page
 * tables), stopped halfway through the guest program, serialized with v8.serialize. The
 * metrics add the snapshot's size against the raw state (the memory overhead of the
 * format) and its compression ratio and time with zlib (deflate) and brotli.
 */
import { brotliCompressSync, constants as zlibConstants, deflateSync } from 'node:zlib';
import { measureBatched } from '../../measure/batch.ts';
import { nowNs } from '../../measure/clock.ts';
import { median } from '../../measure/median.ts';
import { defineWorkload } from '../api.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { metricKpi } from '../kpis.ts';
import { SNAPSHOT_SHAPE, snapshotFixture } from '../lib/vm/snapshot-fixture.ts';
import { defineParams, integerParam } from '../params.ts';
import { SNAPSHOT_KPI_DESCRIPTION, SNAPSHOT_NS_PER_MIB_TARGET } from '../lib/vm/snapshot-kpi.ts';
import { captureSnapshot, stateBytes } from '../lib/vm/snapshot.ts';

const NAME = 'snapshot.create';
const MIB = 1024 * 1024;

const COMPRESSION_REPEATS = 3;

/** The result of `work` and its median time over a few calls after one untimed call (the first loads and sets up the codec). */
function timed<T>(work: () => T): { value: T; ns: number } {
  let value = work();
  const times = new Float64Array(COMPRESSION_REPEATS);
  for (let k = 0; k < COMPRESSION_REPEATS; k++) {
    const start = nowNs();
    value = work();
    times[k] = nowNs() - start;
  }
  return { value, ns: median(times) };
}

export default defineWorkload({
  name: NAME,
  category: 'snapshot',
  tier: 2,
  description: 'Snapshot a running guest VM (registers + 1 MiB guest memory + page tables) with v8.serialize; size, zlib and brotli ratios.',
  params: defineParams([1], {
    ...SNAPSHOT_SHAPE,
    zlibLevel: integerParam({ min: 0, max: 9, default: 6 }),
    brotliQuality: integerParam({ min: 0, max: 11, default: 5 }),
  }),
  kpis: [metricKpi(
    'create_ns_per_mib',
    `Mean snapshot creation time per MiB of guest state ${SNAPSHOT_KPI_DESCRIPTION}.`,
    SNAPSHOT_NS_PER_MIB_TARGET,
    'max',
    'ns',
  )],
  run(ctx) {
    const { machine } = snapshotFixture(ctx.params);
    const outcome = measureBatched(ctx, () => captureSnapshot(machine).length);
    const snapshot = captureSnapshot(machine);
    const raw = stateBytes(machine);
    const zlib = timed(() => deflateSync(snapshot, { level: ctx.params.zlibLevel }));
    const brotli = timed(() => brotliCompressSync(snapshot, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: ctx.params.brotliQuality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: snapshot.length },
    }));
    return batchedOutput(outcome, {
      create_ns_per_mib: outcome.nsPerOp / (raw / MIB),
      snapshot_bytes: snapshot.length,
      state_bytes: raw,
      memory_overhead_ratio: snapshot.length / raw - 1,
      zlib_ratio: snapshot.length / zlib.value.length,
      zlib_ns: zlib.ns,
      brotli_ratio: snapshot.length / brotli.value.length,
      brotli_ns: brotli.ns,
    });
  },
});
