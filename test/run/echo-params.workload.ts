// Reports the params it ran with as metrics, for the test that suite params reach the workload.
import { defineWorkload } from '../../src/workloads/api.ts';
import { defineParams, integerParam, numberParam } from '../../src/workloads/params.ts';

export default defineWorkload({
  name: 'fixture.echo-params', category: 'fixture', tier: 3, description: 'Echoes its params.',
  params: defineParams([1], { size: integerParam({ min: 1, max: 1000, default: 10 }), rate: numberParam({ min: 0, max: 1, default: 0.5 }) }),
  kpis: [],
  run(ctx) {
    ctx.recorder.record(1);
    return { metrics: { size: ctx.params.size, rate: ctx.params.rate, threads: ctx.threads } };
  },
  aggregate(outputs, params) {
    // The main thread's aggregate sees the same params as the workers.
    return { ...outputs[0].metrics, aggregate_size: params.size };
  },
});
