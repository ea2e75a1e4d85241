/**
 * /proc/pressure/cpu (PSI, Linux 4.20+ with CONFIG_PSI and psi not disabled at boot):
 * `some` is the time in which at least one runnable task waited for a CPU.
 */
import { readTextOrNull, underRoot } from './read-text.ts';

export const CPU_PRESSURE_FILE = '/proc/pressure/cpu';

/** The cumulative `some` stall time in µs; null when the file has no well-formed `some` line. */
export function parseCpuPressureSomeUsec(text: string): number | null {
  const match = /^some\b.*\btotal=(\d+)/m.exec(text);
  return match ? Number(match[1]) : null;
}

/** `file` is the node's /proc/pressure/cpu or a cgroup v2 `cpu.pressure` (same format). */
export function readCpuPressureSomeUsec(root = '/', file = CPU_PRESSURE_FILE): number | null {
  const text = readTextOrNull(underRoot(root, file));
  return text === null ? null : parseCpuPressureSomeUsec(text);
}
