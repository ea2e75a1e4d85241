/**
 * A list of values spread log-uniformly between `min` and `max`, rounded to integers: the
 * shape of latency data (as many values between 1 and 10 µs as between 1 and 10 ms),
 * precomputed so that a timed loop indexes an array instead of timing a random-number
 * generator. The positions come from the golden-ratio sequence frac(i x 0.618...), which
 * covers the range evenly in any prefix and jumps about, so consecutive values differ
 * widely; and it needs no seed to be the same on every run.
 */
const GOLDEN_FRACTION = (Math.sqrt(5) - 1) / 2;

export function logUniformValues(count: number, min: number, max: number): Float64Array {
  const values = new Float64Array(count);
  const logMin = Math.log(min);
  const span = Math.log(max) - logMin;
  for (let i = 0; i < count; i++) {
    const unit = (i * GOLDEN_FRACTION) % 1;
    values[i] = Math.round(Math.exp(logMin + unit * span));
  }
  return values;
}
