/**
 * The run thread's bookkeeping for a pipeline run, the same for both channel kinds: it
 * numbers the messages, audits every arrival, and keeps the figures of the two measured
 * phases apart.
 *
 * - LATENCY: one message in flight at a time (the seed's latency benchmark). Its
 *   source-to-sink times go to the run's recorder, so the run's histogram, p99 KPI and
 *   samples are the pipeline's own latency, not queueing.
 * - THROUGHPUT: the source sends whenever the first channel has room (the seed's
 *   throughput benchmark). Messages per second come from it, and the latencies of its
 *   messages, which are mostly time spent queued in full channels, are reported apart as
 *   loaded_latency_*.
 * Warm-up messages are audited but not measured.
 */
import { createHistogram, type Histogram } from '../../measure/hdr.ts';
import type { ThreadOutput, WorkerContext } from '../api.ts';
import { IntervalSamples } from '../scheduler/interval-samples.ts';
import { DeliveryAudit } from './delivery-audit.ts';
import { LATENCY, THROUGHPUT, type PipelineMessage, type StageStats } from './pipeline-message.ts';
import type { PipelineParams } from './pipeline-spec.ts';

export class PipelineMeasurement {
  readonly audit: DeliveryAudit;
  /** Messages sent so far; the next message's sequence number. */
  sent = 0;
  readonly #ctx: WorkerContext<PipelineParams>;
  readonly #unloaded: Histogram;
  readonly #loaded: Histogram;
  readonly #samples = new IntervalSamples();
  #latencyPhaseNs = 0;
  #throughputPhaseNs = 0;
  #throughputDelivered = 0;
  #sourceOccupancySum = 0;
  #sourceOccupancySamples = 0;

  constructor(ctx: WorkerContext<PipelineParams>, stages: number) {
    this.#ctx = ctx;
    this.audit = new DeliveryAudit(stages);
    this.#unloaded = createHistogram();
    this.#loaded = createHistogram();
  }

  /** Records one arrival at the sink, `nowNs` being the time it was taken off the last channel. */
  arrived(message: PipelineMessage, nowNs: number): void {
    const intact = this.audit.accept(message.seq, message.value);
    const latencyNs = Math.max(1, Math.round(nowNs - message.sentAtNs));
    if (message.phase === LATENCY) {
      this.#ctx.recorder.record(latencyNs);
      this.#unloaded.recordValue(latencyNs);
      this.#samples.add(latencyNs, nowNs);
    } else if (message.phase === THROUGHPUT) {
      this.#loaded.recordValue(latencyNs);
      if (intact) this.#throughputDelivered++;
    }
  }

  /** The source samples its own channel at every THROUGHPUT send, as the stages do theirs. */
  sourceOccupancy(occupancy: number): void {
    this.#sourceOccupancySum += occupancy;
    this.#sourceOccupancySamples++;
  }

  /** Every sent message has arrived, or was skipped over by a later one (and so counted lost). */
  get drained(): boolean {
    return this.audit.next >= this.sent;
  }

  latencyPhaseTook(ns: number): void {
    this.#latencyPhaseNs = ns;
  }

  throughputPhaseTook(ns: number): void {
    this.#throughputPhaseNs = ns;
  }

  output(stages: readonly StageStats[], rssBeforeBytes: number, rssLoadedBytes: number): ThreadOutput {
    const report = this.audit.finish(this.sent);
    const occupancySum = stages.reduce((sum, stage) => sum + stage.occupancySum, this.#sourceOccupancySum);
    const occupancySamples = stages.reduce((sum, stage) => sum + stage.occupancySamples, this.#sourceOccupancySamples);
    return {
      samples: this.#samples.finish(),
      measuredNs: Math.max(1, this.#latencyPhaseNs),
      metrics: {
        messages_per_second: this.#throughputPhaseNs > 0 ? this.#throughputDelivered / (this.#throughputPhaseNs / 1e9) : 0,
        latency_p95_ns: this.#unloaded.getValueAtPercentile(95),
        latency_p99_ns: this.#unloaded.getValueAtPercentile(99),
        loaded_latency_p95_ns: this.#loaded.getValueAtPercentile(95),
        loaded_latency_p99_ns: this.#loaded.getValueAtPercentile(99),
        buffer_occupancy: occupancySamples > 0 ? occupancySum / occupancySamples : 0,
        error_rate: report.errorRate,
        intact_ratio: report.sent > 0 ? Math.max(0, 1 - report.errorRate) : 0,
        sent: report.sent,
        received: report.received,
        lost: report.lost,
        duplicated: report.duplicated,
        corrupt: report.corrupt,
        checksum: report.checksum,
        forwarded_per_stage: stages.length > 0 ? stages.reduce((sum, stage) => sum + stage.forwarded, 0) / stages.length : 0,
        rss_bytes: rssLoadedBytes,
        pipeline_rss_bytes: rssLoadedBytes - rssBeforeBytes,
      },
    };
  }

  /** Frees the WASM histograms; call on every path. */
  destroy(): void {
    this.#unloaded.destroy();
    this.#loaded.destroy();
  }
}
