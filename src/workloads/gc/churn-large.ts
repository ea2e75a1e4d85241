import { defineChurnWorkload } from './churn-workload.ts';

/**
 * Needs an old generation of about 1 GiB: the heap measured 580-660 MiB at the end of
 * 15 s runs (the 512 MiB live set, replaced payloads awaiting a major collection, V8's
 * headroom), and a major collection needs room on top. Run it with
 * resourceLimits.maxOldGenerationSizeMb of at least 1024; below that it fails with `oom`.
 * The mutation rate is per live-set node, so it is set lower than churn-small's to keep
 * the absolute rate similar (~6 000 vs ~10 000 nodes/s): at 0.05/s the remembered-set
 * work made every minor pause ~25 ms.
 */
export default defineChurnWorkload({
  name: 'gc.churn-large',
  description: 'Paced allocation churn (200 MiB/s of short-lived objects) over a 512 MiB live set; GC pauses by kind and mutator utilisation. Needs maxOldGenerationSizeMb >= 1024.',
  allocationMBps: 200,
  liveSetMB: 512,
  mutateFractionPerSecond: 0.002,
});
