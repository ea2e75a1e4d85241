/**
 * The memory.* targets. The seeds name the measurements (allocation speed small and
 * large, memory pools) but give no numbers, so these are vmsoak's own, each tied to a
 * figure the seeds do give or to what the hardware must at least deliver.
 */

/**
 * An object allocation sits on a VM's critical path (every boxed value, every heap
 * cell), like the seeds' tier-0 operations, so it gets their budget: < 100 ns.
 */
export const OBJECT_ALLOCATION_TARGET_NS = 100;

/**
 * A small typed array (a frame's locals, a register file) is allocated per call, not per
 * instruction: the seeds' tier-1 fast-path budget, < 500 ns.
 */
export const SMALL_ALLOCATION_TARGET_NS = 500;

/**
 * 1 MiB with every page touched in under 250 µs is 4 GiB/s: well below one core's
 * memset bandwidth on any server of the last decade, so a miss means the allocator or
 * the kernel (page faults, munmap/mmap churn), not the memory, is the bottleneck.
 */
export const LARGE_ALLOCATION_TARGET_NS = 250_000;

/**
 * A pool exists to be faster than the allocator; if reuse is not at least twice as fast
 * as a fresh zeroed buffer, the pool's retained memory and its reuse hazards (stale
 * contents, double release) are not worth it.
 */
export const POOL_SPEEDUP_TARGET = 2;

/**
 * Handing a buffer to another thread must wake that thread: the seeds' scheduling
 * latency (< 100 µs) each way, so a transfer round trip's p99 stays under 200 µs.
 */
export const TRANSFER_ROUND_TRIP_TARGET_NS = 200_000;

/**
 * A typed array has no per-element overhead, so a guest MB should cost one resident MB
 * once touched; 10 % covers page tables, allocator headers and transparent huge pages
 * rounding up, and anything above is memory the guest cannot use.
 */
export const RSS_PER_GUEST_MB_TARGET = 1.1;
