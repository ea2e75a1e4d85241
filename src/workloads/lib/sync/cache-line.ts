/**
 * Shared-memory layout in cache lines. Words that different threads write go on
 * different 64-byte lines, so a measurement of contention on one word is not polluted by
 * false sharing with its neighbours (and the padded control really shares nothing).
 */
export const CACHE_LINE_BYTES = 64;
export const INT32_PER_LINE = CACHE_LINE_BYTES / Int32Array.BYTES_PER_ELEMENT;
export const FLOAT64_PER_LINE = CACHE_LINE_BYTES / Float64Array.BYTES_PER_ELEMENT;
export const BIGINT64_PER_LINE = CACHE_LINE_BYTES / BigInt64Array.BYTES_PER_ELEMENT;

export function linesToBytes(lines: number): number {
  return lines * CACHE_LINE_BYTES;
}
