/**
 * Snapshots of the guest machine: registers, flags, program counter, retired-instruction
 * count, guest physical memory and the page table, serialized with V8's structured-clone
 * format (`v8.serialize`), which copies typed arrays as raw bytes. The TLB is a cache and
 * is not saved; a restore flushes it, as a real VM's would. The machine restored into must
 * have the same memory size.
 */
import { deserialize, serialize } from 'node:v8';
import type { GuestMachine } from './machine.ts';

export const SNAPSHOT_VERSION = 1;

interface SnapshotRecord {
  version: number;
  pc: number;
  retired: number;
  regs: Int32Array;
  flags: Int32Array;
  memory: Uint8Array;
  pageTable: Int32Array;
  pageTables: number;
}

/** The machine's state as a snapshot buffer. */
export function captureSnapshot(machine: GuestMachine): Buffer {
  const pageTable = machine.memory.mmu.pageTable;
  const record: SnapshotRecord = {
    version: SNAPSHOT_VERSION,
    pc: machine.pc,
    retired: machine.retired[0],
    regs: machine.regs,
    flags: machine.flags,
    memory: machine.memory.bytes,
    pageTable: pageTable.entries.subarray(0, pageTable.tableCount * 32),
    pageTables: pageTable.tableCount,
  };
  return serialize(record);
}

/** Bytes of state a snapshot holds (registers, flags, memory, page tables), without framing. */
export function stateBytes(machine: GuestMachine): number {
  const pageTable = machine.memory.mmu.pageTable;
  return machine.regs.byteLength + machine.flags.byteLength + machine.memory.bytes.byteLength + pageTable.tableCount * 32 * 4;
}

/** Puts the state of `snapshot` into `machine`; throws when it does not fit. */
export function restoreSnapshot(snapshot: Uint8Array, machine: GuestMachine): void {
  const record = deserialize(snapshot) as SnapshotRecord;
  if (record?.version !== SNAPSHOT_VERSION) throw new RangeError(`snapshot: version ${String(record?.version)}, expected ${SNAPSHOT_VERSION}`);
  if (record.memory.byteLength !== machine.memory.bytes.byteLength) {
    throw new RangeError(`snapshot: ${record.memory.byteLength} bytes of guest memory, the machine has ${machine.memory.bytes.byteLength}`);
  }
  machine.regs.set(record.regs);
  machine.flags.set(record.flags);
  machine.memory.bytes.set(record.memory);
  machine.memory.mmu.pageTable.load(record.pageTable, record.pageTables);
  machine.memory.mmu.tlb.flush();
  machine.pc = record.pc;
  machine.retired[0] = record.retired;
}
