/**
 * The kernel's CPU list format ("0-3,8", "0-63:2" is not used by these files), as found in
 * cpuset.cpus.effective, cpuset.effective_cpus and Cpus_allowed_list.
 */

/** The CPU numbers of a list such as "0-3,8" (sorted, without duplicates); null when malformed. An empty list is []. */
export function parseCpuList(text: string): number[] | null {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const cpus = new Set<number>();
  for (const part of trimmed.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return null;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return null;
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}
