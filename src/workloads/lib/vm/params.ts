/** Checks of the VM workloads' parameters: a bad value is the user's mistake (UsageError, exit 2). */
import { UsageError } from '../../../errors.ts';
import { ARCHES, type Arch } from './encoding.ts';
import { PROGRAM_NAMES, type ProgramName } from './guest-programs.ts';

export function checkInteger(workload: string, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${workload}: params.${field} must be an integer between ${min} and ${max}, got ${String(value)}`);
  }
  return value;
}

export function checkPowerOfTwo(workload: string, field: string, value: unknown, min: number, max: number): number {
  const n = checkInteger(workload, field, value, min, max);
  if ((n & (n - 1)) !== 0) throw new UsageError(`${workload}: params.${field} must be a power of two, got ${n}`);
  return n;
}

export function checkArch(workload: string, field: string, value: unknown): Arch {
  if (!ARCHES.includes(value as Arch)) throw new UsageError(`${workload}: params.${field} must be one of ${ARCHES.join(', ')}, got ${String(value)}`);
  return value as Arch;
}

export function checkProgram(workload: string, value: unknown): ProgramName {
  if (!PROGRAM_NAMES.includes(value as ProgramName)) {
    throw new UsageError(`${workload}: params.program must be one of ${PROGRAM_NAMES.join(', ')}, got ${String(value)}`);
  }
  return value as ProgramName;
}
