/**
 * What a result and a baseline must share to be compared (analysis/fingerprint.ts computes
 * it and says why each field matters).
 */
export interface Fingerprint {
  vmsoak: string;
  node: string;
  v8: string;
  cpuModel: string;
  cpus: number;
  /** sha256 (first 16 hex digits) of the settings that change what is measured; see configHash. */
  configHash: string;
}
