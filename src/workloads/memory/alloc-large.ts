/**
 * Large typed-array allocation: a 1 MiB Float64Array, the size of a guest memory region
 * or a snapshot buffer. Its backing store lives outside the JavaScript heap (calloc'd,
 * so zeroed, and reported to V8 as external memory, which makes V8 collect sooner), so
 * this measures the native allocator and the kernel as much as V8. Every 4 KiB page is
 * written once, as a guest would, so lazily mapped zero pages are paid for too.
 */
import { defineAllocationWorkload } from './allocation-workload.ts';
import { LARGE_ALLOCATION_TARGET_NS } from './targets.ts';

const BYTES = 1 << 20;
const ELEMENTS = BYTES / Float64Array.BYTES_PER_ELEMENT;
const PAGE_ELEMENTS = 4096 / Float64Array.BYTES_PER_ELEMENT;

export default defineAllocationWorkload({
  name: 'memory.alloc-large',
  description: 'Allocate a 1 MiB Float64Array (external backing store) per op and write each of its pages once.',
  allocate: (i) => {
    const array = new Float64Array(ELEMENTS);
    for (let at = 0; at < ELEMENTS; at += PAGE_ELEMENTS) array[at] = i;
    return array;
  },
  observe: (array) => array[ELEMENTS - PAGE_ELEMENTS],
  keepAlive: 4,
  kpiName: 'large_allocation',
  kpiDescription: 'Mean ns per 1 MiB typed-array allocation with every page touched (vmsoak: < 250 µs, i.e. at least 4 GiB/s).',
  targetNs: LARGE_ALLOCATION_TARGET_NS,
  tier: 3,
});
