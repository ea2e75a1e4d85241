/**
 * Small typed-array allocation: a 16-element Float64Array (128 bytes), the size of a
 * register file or a stack frame's locals. V8 keeps backing stores this small on its
 * own heap, so this is a young-generation allocation of the array, its buffer and its
 * data, plus the zeroing, plus its share of scavenges.
 */
import { defineAllocationWorkload } from './allocation-workload.ts';
import { SMALL_ALLOCATION_TARGET_NS } from './kpis.ts';

const ELEMENTS = 16;

export default defineAllocationWorkload({
  name: 'memory.alloc-small',
  description: 'Allocate a 128-byte Float64Array (on-heap backing store) per op; scavenges included.',
  allocate: (i) => {
    const array = new Float64Array(ELEMENTS);
    array[0] = i;
    return array;
  },
  observe: (array) => array[0],
  keepAlive: 64,
  kpiName: 'small_allocation',
  kpiDescription: 'Mean ns per 128-byte typed-array allocation (vmsoak: < 500 ns, the seeds\' tier-1 fast-path budget).',
  targetNs: SMALL_ALLOCATION_TARGET_NS,
  tier: 1,
});
