/**
 * The work of the pipeline's stages and what the sink expects of it. Each stage mixes the
 * message's 32-bit value with its own index (murmur3's finalizer), so a message that
 * skipped a stage, went through one twice, or was corrupted in a channel arrives with the
 * wrong value; and the value a message must arrive with follows from its sequence number
 * alone, so the sink can check every message without any shared state.
 */

/** The value the source gives message `seq` (unsigned 32-bit). */
export function initialValue(seq: number): number {
  return Math.imul(seq | 0, 0x9e3779b1) >>> 0;
}

/** What stage `stage` (0-based) makes of `value`. */
export function stageMix(value: number, stage: number): number {
  let x = (value ^ Math.imul(stage + 1, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The value message `seq` must arrive with after `stages` stages. */
export function expectedValue(seq: number, stages: number): number {
  let value = initialValue(seq);
  for (let stage = 0; stage < stages; stage++) value = stageMix(value, stage);
  return value;
}
