/**
 * The guest machine the snapshot workloads save and restore: `dataBytes` of data memory,
 * stopped halfway through the guest program (so the snapshot has live registers, a live
 * stack and half-computed data), together with the instruction count it stopped at.
 */
import { integerParam, saying } from '../../params.ts';
import { buildGuestProgram } from './build.ts';
import type { Executable } from './executable.ts';
import type { ProgramName } from './guest-programs.ts';
import { interpret, runToHalt } from './interpreter.ts';
import { DEFAULT_MACHINE_CONFIG, GuestMachine } from './machine.ts';
import { PAGE_SIZE } from './page-table.ts';
import { programParam } from './params.ts';

/** The params both snapshot workloads have. */
export const SNAPSHOT_SHAPE = {
  program: programParam(),
  /** Guest data memory; the snapshot holds it all (plus a 64 KiB stack). */
  dataBytes: integerParam({ min: PAGE_SIZE, max: 1 << 30, default: 1024 * 1024 })
    .refine((bytes) => bytes % PAGE_SIZE === 0, saying(`must be a multiple of ${PAGE_SIZE}`)),
};

export interface SnapshotParams {
  program: ProgramName;
  dataBytes: number;
}

export interface SnapshotFixture {
  exe: Executable;
  program: ProgramName;
  /** A machine stopped halfway. */
  machine: GuestMachine;
  /** A fresh machine of the same shape, to restore into. */
  spare: GuestMachine;
}

export function snapshotFixture({ program, dataBytes }: SnapshotParams): SnapshotFixture {
  const config = { ...DEFAULT_MACHINE_CONFIG, dataBytes };
  const exe = buildGuestProgram(program, 'x86');
  const machine = new GuestMachine(config);
  machine.reset();
  const total = runToHalt(machine, exe);
  machine.reset();
  interpret(machine, exe, Math.floor(total / 2), false);
  return { exe, program, machine, spare: new GuestMachine(config) };
}
