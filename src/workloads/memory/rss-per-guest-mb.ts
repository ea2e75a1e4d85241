/**
 * The resident memory a guest MB costs: allocate a typed-array guest memory of `guestMB`
 * MiB, write every 4 KiB page of it once (a guest that has run a while has touched its
 * memory), and divide the growth of the process's resident set by the guest's size. The
 * guest memory is then freed at once with `ArrayBuffer.prototype.transfer(0)` (which
 * detaches the buffer and releases its backing store without waiting for a GC), and the
 * next cycle starts. One op is the first touch of one page, so the histogram is the
 * page-fault cost; each cycle adds one sample of the RSS ratio.
 *
 * Reported besides: the RSS of the allocation before any page is touched (Linux maps
 * untouched pages lazily, so this should be near 0) and the share of the touched memory
 * the freeing gave back. RSS is the whole process's; the runner runs one workload at a
 * time, so what else grows meanwhile is the run's own bookkeeping, a few pages.
 */
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { defineParams, integerParam } from '../params.ts';
import { IntervalSamples } from '../scheduler/interval-samples.ts';
import { RSS_PER_GUEST_MB_TARGET } from './targets.ts';

const MB = 1024 * 1024;
/**
 * Smaller guests can be carved out of memory the allocator has freed but kept resident,
 * and then cost no RSS at all (seen: 8 to 32 MiB guests after a churn of 1 MiB buffers
 * reported 0). glibc's malloc serves a request from its free lists before it maps new
 * memory, whatever its mmap threshold; but the heaps of a worker thread's arena are at
 * most 64 MiB, so in a worker (where runs run) a guest of 64 MiB or more is always a
 * fresh mapping.
 */
const MIN_GUEST_MB = 64;
const PAGE_BYTES = 4096;
const PAGES_PER_MB = MB / PAGE_BYTES;

interface Cycle {
  untouchedMB: number;
  touchedMB: number;
  releasedMB: number;
}

/** Allocates, touches page by page (reporting each MiB's time to `onMegabyte`), frees. */
function guestCycle(guestMB: number, onMegabyte: (elapsedNs: number, endNs: number) => void): Cycle {
  const before = process.memoryUsage.rss();
  const memory = new ArrayBuffer(guestMB * MB);
  const allocated = process.memoryUsage.rss();
  const bytes = new Uint8Array(memory);
  for (let mb = 0; mb < guestMB; mb++) {
    const start = nowNs();
    const end = (mb + 1) * MB;
    for (let at = mb * MB; at < end; at += PAGE_BYTES) bytes[at] = 1;
    const done = nowNs();
    onMegabyte(done - start, done);
  }
  const touched = process.memoryUsage.rss();
  memory.transfer(0);
  const released = process.memoryUsage.rss();
  return { untouchedMB: (allocated - before) / MB, touchedMB: (touched - before) / MB, releasedMB: (touched - released) / MB };
}

export default defineWorkload({
  name: 'memory.rss-per-guest-mb',
  category: 'memory',
  tier: 3,
  description: 'Allocate a typed-array guest memory, touch every page, and divide the RSS growth by its size; freed with transfer(0) each cycle.',
  params: defineParams([1], {
    /** Size of the guest memory allocated per cycle, in MiB. */
    guestMB: integerParam({ min: MIN_GUEST_MB, max: 4096, default: 64 }),
  }),
  maxThreads: 1,
  kpis: [
    {
      name: 'rss_per_guest_mb',
      description: 'Resident MiB per guest MiB once every page is touched (vmsoak: ≤ 1.1, a typed array has no per-element overhead).',
      statistic: 'metric:rss_per_guest_mb',
      target: RSS_PER_GUEST_MB_TARGET,
      direction: 'max',
      unit: 'factor',
      severity: 'warning',
    },
  ],
  run(ctx) {
    const { guestMB } = ctx.params;
    const ignore = (): void => {};
    const warmUntil = nowNs() + ctx.phases.warmupNs;
    do guestCycle(guestMB, ignore); while (nowNs() < warmUntil);

    ctx.barrier();
    const samples = new IntervalSamples();
    const recorder = ctx.recorder;
    const record = (elapsedNs: number, endNs: number): void => {
      recorder.recordBatch(elapsedNs, PAGES_PER_MB);
      samples.add(elapsedNs / PAGES_PER_MB, endNs);
    };
    const totals: Cycle = { untouchedMB: 0, touchedMB: 0, releasedMB: 0 };
    let cycles = 0;
    const iterations = ctx.phases.iterations;
    const endNs = nowNs() + ctx.phases.durationNs;
    do {
      const cycle = guestCycle(guestMB, record);
      totals.untouchedMB += cycle.untouchedMB;
      totals.touchedMB += cycle.touchedMB;
      totals.releasedMB += cycle.releasedMB;
      cycles++;
    } while (iterations !== undefined && iterations > 0 ? cycles * guestMB * PAGES_PER_MB < iterations : nowNs() < endNs);
    const guestTotalMB = cycles * guestMB;
    return {
      samples: samples.finish(),
      batchSize: PAGES_PER_MB,
      metrics: {
        rss_per_guest_mb: totals.touchedMB / guestTotalMB,
        untouched_rss_per_guest_mb: totals.untouchedMB / guestTotalMB,
        released_share: totals.touchedMB > 0 ? totals.releasedMB / totals.touchedMB : 0,
        cycles,
      },
    };
  },
});
