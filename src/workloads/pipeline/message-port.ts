/**
 * pipeline.message-port: the pipeline with MessagePorts as its channels, made bounded by
 * credits (credit-window.ts). Everything here is event-driven: the source sends from the
 * credit handler, the sink audits from the message handler, and each phase is a promise
 * that settles when its last message has arrived (port-driver.ts). See pipeline-spec.ts
 * for the topology and pipeline-measurement.ts for the phases.
 */
import { MessageChannel } from 'node:worker_threads';
import { defineWorkload } from '../api.ts';
import { InnerWorkers } from '../inner-workers.ts';
import { LATENCY, THROUGHPUT, WARMUP, type StageStats } from './pipeline-message.ts';
import { PipelineMeasurement } from './pipeline-measurement.ts';
import { pipelinePhasePlan } from './pipeline-phases.ts';
import { PIPELINE_KPIS, pipelineParams } from './pipeline-spec.ts';
import { PortDriver } from './port-driver.ts';

const STAGE_ENTRY = new URL('./port-stage-worker.ts', import.meta.url);

export default defineWorkload({
  name: 'pipeline.message-port',
  category: 'pipeline',
  tier: 2,
  description: 'Source → N stage threads → sink over MessagePorts bounded by credits (structured clone per hop); latency, throughput, loss.',
  params: pipelineParams,
  maxThreads: 1,
  kpis: PIPELINE_KPIS,
  async run(ctx) {
    const { stages, capacity } = ctx.params;
    const channels = Array.from({ length: stages + 1 }, () => new MessageChannel());
    const source = channels[0].port1;
    const sink = channels[stages].port2;
    const rssBefore = process.memoryUsage.rss();
    const workers = new InnerWorkers();
    const measurement = new PipelineMeasurement(ctx, stages);
    try {
      const threads = Array.from({ length: stages }, (_, stage) => {
        const input = channels[stage].port2;
        const output = channels[stage + 1].port1;
        return workers.spawn(STAGE_ENTRY, { input, output, capacity, stage }, [input, output]);
      });
      await Promise.all(threads.map((thread) => workers.nextMessage(thread)));
      // Listening from now on: a stage reports when the stop message passes it.
      const reports = Promise.all(threads.map((thread) => workers.nextMessage(thread) as Promise<StageStats>));
      reports.catch(() => {}); // awaited below; a failure before then must not go unhandled
      const driver = new PortDriver(source, sink, capacity, measurement, workers.failed);
      const plan = pipelinePhasePlan(ctx.phases);
      await driver.throughput(plan.warmup, WARMUP);
      await driver.latency(plan.warmup, WARMUP);
      ctx.barrier();
      measurement.latencyPhaseTook(await driver.latency(plan.measure, LATENCY));
      measurement.throughputPhaseTook(await driver.throughput(plan.measure, THROUGHPUT));
      const rssLoaded = process.memoryUsage.rss();
      await driver.stop();
      return measurement.output(await reports, rssBefore, rssLoaded);
    } finally {
      measurement.destroy();
      source.close();
      sink.close();
      await workers.terminateAll();
    }
  },
});
