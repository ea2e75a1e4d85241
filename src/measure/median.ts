/** The median of the first `n` values (all by default); 0 for none. Sorts a copy. */
export function median(values: ArrayLike<number>, n = values.length): number {
  if (n <= 0) return 0;
  const sorted = Float64Array.from({ length: n }, (_, i) => values[i]).sort();
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
