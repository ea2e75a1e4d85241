/**
 * The machine and runtime a figure was measured on. Every section of BENCHMARKS.md states
 * it, with the load average before and after, because a figure means nothing without the
 * machine, and a busy neighbour shows up in the load average first.
 */
import os from 'node:os';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  v8: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() || 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
  };
}

export function machineLine(machine: Machine): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node} (V8 ${machine.v8})`;
}

/** The 1-minute load average, or null where the OS has none (Windows reports zeros). */
export function loadAverage(): number | null {
  const [oneMinute] = os.loadavg();
  return os.platform() === 'win32' ? null : oneMinute;
}
