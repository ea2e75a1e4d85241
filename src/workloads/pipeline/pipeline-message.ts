/** What travels through a pipeline, whatever the channel. */

/** The phase a message was sent in: stages sample channel occupancy for THROUGHPUT only. */
export const WARMUP = 0;
export const LATENCY = 1;
export const THROUGHPUT = 2;
export type Phase = typeof WARMUP | typeof LATENCY | typeof THROUGHPUT;

/** The sequence number of the message that tells each stage to pass it on and stop. */
export const STOP_SEQ = -1;

export interface PipelineMessage {
  /** 0, 1, 2, ... in sending order, or STOP_SEQ. */
  seq: number;
  /** nowNs() of the run thread when it sent the message; only that thread reads it. */
  sentAtNs: number;
  /** Unsigned 32-bit; every stage mixes it (stage-mix.ts). */
  value: number;
  phase: Phase;
}

/** What a stage posts to its parent when it has passed the stop message on. */
export interface StageStats {
  forwarded: number;
  /** Sum of the output channel's occupancy (0..1) sampled at each THROUGHPUT send. */
  occupancySum: number;
  occupancySamples: number;
}
