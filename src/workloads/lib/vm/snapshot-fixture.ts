/**
 * The guest machine the snapshot workloads save and restore: `dataBytes` of data memory,
 * stopped halfway through the guest program (so the snapshot has live registers, a live
 * stack and half-computed data), together with the instruction count it stopped at.
 */
import { UsageError } from '../../../errors.ts';
import type { BaseParams } from '../../api.ts';
import { buildGuestProgram } from './build.ts';
import type { Executable } from './executable.ts';
import type { ProgramName } from './guest-programs.ts';
import { interpret, runToHalt } from './interpreter.ts';
import { DEFAULT_MACHINE_CONFIG, GuestMachine } from './machine.ts';
import { PAGE_SIZE } from './page-table.ts';
import { checkInteger, checkProgram } from './params.ts';

export interface SnapshotParams extends BaseParams {
  program: ProgramName;
  /** Guest data memory; the snapshot holds it all (plus a 64 KiB stack). */
  dataBytes: number;
}

export const DEFAULT_SNAPSHOT_PARAMS = { program: 'mix', dataBytes: 1024 * 1024 } as const;

export interface SnapshotFixture {
  exe: Executable;
  program: ProgramName;
  /** A machine stopped halfway. */
  machine: GuestMachine;
  /** A fresh machine of the same shape, to restore into. */
  spare: GuestMachine;
}

export function snapshotFixture(workload: string, params: SnapshotParams): SnapshotFixture {
  const program = checkProgram(workload, params.program);
  const dataBytes = checkInteger(workload, 'dataBytes', params.dataBytes, PAGE_SIZE, 1 << 30);
  if (dataBytes % PAGE_SIZE !== 0) throw new UsageError(`${workload}: params.dataBytes must be a multiple of ${PAGE_SIZE}, got ${dataBytes}`);
  const config = { ...DEFAULT_MACHINE_CONFIG, dataBytes };
  const exe = buildGuestProgram(program, 'x86');
  const machine = new GuestMachine(config);
  machine.reset();
  const total = runToHalt(machine, exe);
  machine.reset();
  interpret(machine, exe, Math.floor(total / 2), false);
  return { exe, program, machine, spare: new GuestMachine(config) };
}
