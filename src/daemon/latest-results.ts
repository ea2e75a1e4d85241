/**
 * The newest result of each workload x threads, for `/api/results` and the status page.
 */
import type { Environment } from '../run/environment.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';

export class LatestResults {
  readonly #byKey = new Map<string, RunResult>();
  #updatedAt: Date | null = null;

  set(result: RunResult): void {
    this.#byKey.set(`${result.workload}@${result.threads}`, result);
    this.#updatedAt = new Date();
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** Sorted by workload, then threads. */
  list(): RunResult[] {
    return [...this.#byKey.values()].sort((a, b) => a.workload.localeCompare(b.workload) || a.threads - b.threads);
  }

  /**
   * A SuiteResult-shaped view of the latest results, whichever passes they came from, with
   * the base64 histograms left out (null) to keep the payload small. `seed` is the last
   * completed pass's (0 before one completed); `startedAt` the oldest listed run's start,
   * `finishedAt` the time of the newest result.
   */
  toSuiteResult(environment: Environment, lastPass: SuiteResult | null, since: Date): SuiteResult {
    const results = this.list().map((result) => ({ ...result, histogram: null, correctedHistogram: null }));
    const oldest = results.reduce<string | null>((min, r) => (min === null || r.startedAt < min ? r.startedAt : min), null);
    return {
      vmsoak: environment.vmsoak,
      node: environment.node,
      v8: environment.v8,
      cpus: environment.cpus,
      timerCostNs: lastPass?.timerCostNs ?? environment.timerCostNs,
      timerResolutionNs: lastPass?.timerResolutionNs ?? environment.timerResolutionNs,
      seed: lastPass?.seed ?? 0,
      startedAt: oldest ?? since.toISOString(),
      finishedAt: (this.#updatedAt ?? since).toISOString(),
      results,
    };
  }
}
