/**
 * Snapshot restore: deserialize a snapshot of the guest machine (stopped halfway through
 * the guest program) and load it into a machine of the same shape, flushing its TLB. The
 * check that matters is also reported: the restored machine runs on to the same final
 * state (registers and memory) as the original.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { runToHalt } from '../lib/vm/interpreter.ts';
import { metricKpi } from '../kpis.ts';
import { resultsMatch } from '../lib/vm/reference.ts';
import { SNAPSHOT_SHAPE, snapshotFixture } from '../lib/vm/snapshot-fixture.ts';
import { defineParams } from '../params.ts';
import { SNAPSHOT_KPI_DESCRIPTION, SNAPSHOT_NS_PER_MIB_TARGET } from '../lib/vm/snapshot-kpi.ts';
import { captureSnapshot, restoreSnapshot, stateBytes } from '../lib/vm/snapshot.ts';
import { sameState } from '../lib/vm/state-compare.ts';

const NAME = 'snapshot.restore';
const MIB = 1024 * 1024;

export default defineWorkload({
  name: NAME,
  category: 'snapshot',
  tier: 2,
  description: 'Restore a guest VM snapshot (v8.deserialize + load registers, 1 MiB memory, page tables); checks the restored VM runs on identically.',
  params: defineParams([1], SNAPSHOT_SHAPE),
  kpis: [metricKpi(
    'restore_ns_per_mib',
    `Mean snapshot restore time per MiB of guest state ${SNAPSHOT_KPI_DESCRIPTION}.`,
    SNAPSHOT_NS_PER_MIB_TARGET,
    'max',
    'ns',
  )],
  run(ctx) {
    const { exe, program, machine, spare } = snapshotFixture(ctx.params);
    const snapshot = captureSnapshot(machine);
    const outcome = measureBatched(ctx, () => {
      restoreSnapshot(snapshot, spare);
      return spare.pc;
    });
    runToHalt(machine, exe);
    runToHalt(spare, exe);
    return batchedOutput(outcome, {
      restore_ns_per_mib: outcome.nsPerOp / (stateBytes(machine) / MIB),
      snapshot_bytes: snapshot.length,
      resumed_identically: sameState(machine, spare) && resultsMatch(spare, program) ? 1 : 0,
    });
  },
});
