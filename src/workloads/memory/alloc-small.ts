/**
 * Small typed-array allocation: a 16-register Int32Array (64 bytes), the register file of
 * the guest VM's register machine, allocated per call frame. 64 bytes is the largest
 * typed array V8 keeps on its own heap (`--typed-array-max-size-in-heap`); one element
 * more and the backing store moves off-heap (calloc, an ArrayBuffer extension, external
 * memory accounting), and the cost jumps about 15x (measured on Node 24: 38 ns for 64
 * bytes, 600 ns for 72). The workload times the 64-byte array and reports the 128-byte
 * one beside it (off_heap_128b_ns), so the cliff stays visible.
 */
import { measureReferenceBatched } from '../../measure/reference-batched.ts';
import { defineAllocationWorkload } from './allocation-workload.ts';
import { EscapeRing } from './escape-ring.ts';
import { SMALL_ALLOCATION_TARGET_NS } from './targets.ts';

const REGISTERS = 16;
const OFF_HEAP_ELEMENTS = 32;

export default defineAllocationWorkload({
  name: 'memory.alloc-small',
  description: 'Allocate a 64-byte Int32Array (a 16-register file, on-heap) per op; a 128-byte one (off-heap) is reported beside it.',
  allocate: (i) => {
    const registers = new Int32Array(REGISTERS);
    registers[0] = i;
    return registers;
  },
  observe: (registers) => registers[0],
  keepAlive: 64,
  kpiName: 'small_allocation',
  kpiDescription: 'Mean ns per 64-byte typed-array allocation (vmsoak: < 500 ns, the seeds\' tier-1 fast-path budget).',
  targetNs: SMALL_ALLOCATION_TARGET_NS,
  tier: 1,
  reference: (ctx) => {
    const ring = new EscapeRing<Int32Array>(64);
    const offHeap = measureReferenceBatched(ctx, (i) => {
      const array = new Int32Array(OFF_HEAP_ELEMENTS);
      array[0] = i;
      ring.keep(i, array);
      return array[0];
    });
    ring.clear();
    return { off_heap_128b_ns: offHeap.nsPerOp };
  },
});
