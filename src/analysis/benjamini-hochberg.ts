/**
 * Benjamini–Hochberg adjusted p-values ("q-values"): testing every workload × threads of a
 * matrix at p < 0.05 would flag about one series in twenty by chance alone; comparing the
 * adjusted values with alpha instead keeps the expected share of false discoveries among
 * the flagged series at alpha (Benjamini & Hochberg 1995, step-up procedure).
 */

/** Adjusted p-values in the input order; NaN inputs stay NaN and do not count as tests. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const tested = pValues.map((p, index) => ({ p, index })).filter(({ p }) => !Number.isNaN(p));
  const m = tested.length;
  const adjusted = pValues.map(() => Number.NaN);
  tested.sort((x, y) => x.p - y.p);
  // Step up from the largest p: q(i) = min over j >= i of p(j) * m / j, capped at 1.
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, index } = tested[rank - 1];
    running = Math.min(running, (p * m) / rank);
    adjusted[index] = running;
  }
  return adjusted;
}
