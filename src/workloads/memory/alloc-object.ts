/**
 * Object allocation: a four-field object literal, the shape of a VM's boxed value or
 * heap cell. In V8 this is a bump-pointer allocation in the young generation with an
 * inline map and fields: the cheapest allocation there is, plus its share of scavenges.
 */
import { defineAllocationWorkload } from './allocation-workload.ts';
import { OBJECT_ALLOCATION_TARGET_NS } from './targets.ts';

interface Cell {
  tag: number;
  value: number;
  next: Cell | null;
  flags: number;
}

export default defineAllocationWorkload<Cell>({
  name: 'memory.alloc-object',
  description: 'Allocate a four-field object (a heap cell: tag, value, next, flags) per op; scavenges included.',
  allocate: (i) => ({ tag: i & 7, value: i, next: null, flags: 0 }),
  observe: (cell) => cell.value,
  keepAlive: 64,
  kpiName: 'object_allocation',
  kpiDescription: 'Mean ns per small-object allocation (vmsoak: < 100 ns, the seeds\' tier-0 critical-path budget).',
  targetNs: OBJECT_ALLOCATION_TARGET_NS,
  tier: 1,
});
