import { defineChurnWorkload } from './churn-workload.ts';

export default defineChurnWorkload({
  name: 'gc.churn-small',
  description: 'Paced allocation churn (200 MiB/s of short-lived objects) over a 32 MiB live set; GC pauses by kind and mutator utilisation.',
  allocationMBps: 200,
  liveSetMB: 32,
  mutateFractionPerSecond: 0.05,
});
