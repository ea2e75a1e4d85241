/**
 * How many increments of a wrapping Int32 counter went missing. The counter wraps at
 * 2^32, and a long soak run at ~10 ns/op passes that in under a minute, so the check
 * compares modulo 2^32: a difference that is a multiple of 2^32 is not a lost update.
 */
const TWO_POW_32 = 2 ** 32;

export function lostUpdates(expectedIncrements: number, int32Counter: number): number {
  const difference = (expectedIncrements - int32Counter) % TWO_POW_32;
  return difference < 0 ? difference + TWO_POW_32 : difference;
}
