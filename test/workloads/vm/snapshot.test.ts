import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialize } from 'node:v8';
import { buildGuestProgram } from '../../../src/workloads/lib/vm/build.ts';
import { interpret, runToHalt } from '../../../src/workloads/lib/vm/interpreter.ts';
import { DEFAULT_MACHINE_CONFIG, GuestMachine } from '../../../src/workloads/lib/vm/machine.ts';
import { resultsMatch } from '../../../src/workloads/lib/vm/reference.ts';
import { captureSnapshot, restoreSnapshot, stateBytes } from '../../../src/workloads/lib/vm/snapshot.ts';
import { assertSameMachineState } from './machine-state.ts';

describe('guest VM snapshots', () => {
  it('a snapshot taken mid-run restores exactly, and the restored VM runs on to the same end', () => {
    const exe = buildGuestProgram('mix', 'riscv');
    const original = new GuestMachine();
    original.reset();
    const total = runToHalt(original, exe);
    for (const stopAt of [1, Math.floor(total / 3), Math.floor((2 * total) / 3)]) {
      original.reset();
      interpret(original, exe, stopAt, false);
      const snapshot = captureSnapshot(original);
      const restored = new GuestMachine();
      restored.reset();
      restored.regs.fill(7); // garbage the restore must overwrite
      restoreSnapshot(snapshot, restored);
      assertSameMachineState(restored, original, `restored at ${stopAt}`);
      assert.equal(restored.pc, original.pc);
      assert.equal(restored.retired[0], stopAt);
      assert.deepEqual(restored.memory.mmu.pageTable.entries, original.memory.mmu.pageTable.entries);

      runToHalt(original, exe);
      runToHalt(restored, exe);
      assertSameMachineState(restored, original, `after running on from ${stopAt}`);
      assert.equal(restored.retired[0], total);
      assert.ok(resultsMatch(restored, 'mix'));
    }
  });

  it('a snapshot is the raw state plus a small header', () => {
    const machine = new GuestMachine();
    machine.reset();
    const snapshot = captureSnapshot(machine);
    const raw = stateBytes(machine);
    assert.ok(snapshot.length >= raw && snapshot.length < raw + 1024, `${snapshot.length} bytes for ${raw} of state`);
  });

  it('refuses a snapshot of another memory size or version', () => {
    const small = new GuestMachine();
    small.reset();
    const big = new GuestMachine({ ...DEFAULT_MACHINE_CONFIG, dataBytes: DEFAULT_MACHINE_CONFIG.dataBytes * 2 });
    assert.throws(() => restoreSnapshot(captureSnapshot(small), big), /guest memory/);
    assert.throws(() => restoreSnapshot(serialize({ version: 99 }), small), /version 99/);
  });
});
