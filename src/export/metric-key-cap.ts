/**
 * A workload's aggregate() chooses its metric keys in code, so they are bounded by the
 * module, not by the data; this cap keeps one faulty plugin from flooding an exposition
 * with series. Shared by the Prometheus and OpenTelemetry exports so both admit the same keys.
 */
export const MAX_METRIC_KEYS_PER_WORKLOAD = 64;

export class MetricKeyCap {
  readonly #keys = new Map<string, Set<string>>();

  /** True when `metric` of `workload` may be exported: already seen, or still under the cap. */
  admit(workload: string, metric: string): boolean {
    let keys = this.#keys.get(workload);
    if (keys === undefined) {
      keys = new Set();
      this.#keys.set(workload, keys);
    }
    if (keys.has(metric)) return true;
    if (keys.size >= MAX_METRIC_KEYS_PER_WORKLOAD) return false;
    keys.add(metric);
    return true;
  }
}
