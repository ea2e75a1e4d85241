/**
 * The snapshot workloads' KPI target. The seeds name what to measure (creation and restore
 * time) but give no target; vmsoak's own is 1 ms per MiB of guest state, about 1 GB/s,
 * the speed of one memory copy on the small nodes it runs on: a snapshot format that takes
 * longer than that is doing more than copying.
 */
export const SNAPSHOT_NS_PER_MIB_TARGET = 1_000_000;
export const SNAPSHOT_KPI_DESCRIPTION = '(vmsoak\'s own target: 1 ms per MiB, a memory copy\'s speed; the seeds give none)';
