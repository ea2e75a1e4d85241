/**
 * Fairness of per-thread counts: Jain's index (1 when all threads got the same share,
 * 1/n when one got everything) and the seeds' load imbalance, (max − min) / max.
 */
import { jainIndex } from '../../measure/stats.ts';

/** (max − min) / max; 0 for equal counts, 1 when some thread got nothing. 0 with no data. */
export function imbalance(counts: readonly number[]): number {
  if (counts.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const count of counts) {
    if (count < min) min = count;
    if (count > max) max = count;
  }
  return max > 0 ? (max - min) / max : 0;
}

export function fairnessMetrics(counts: readonly number[]): { jain_index: number; imbalance: number } {
  return { jain_index: jainIndex(counts), imbalance: imbalance(counts) };
}
