/**
 * A labelled gauge sampled over a soak (one scrape every few seconds): how each series'
 * value moved. A series absent from a scrape has no value there; for vmsoak_kpi_breached
 * that means its window is pending.
 */

/** One scrape: the time and each present series' value, keyed by its identifying labels. */
export interface GaugeSample {
  atMs: number;
  values: ReadonlyMap<string, number>;
}

/** A value that changed between two scrapes; null is "absent". */
export interface StateChange {
  atMs: number;
  from: number | null;
  to: number | null;
}

export interface SeriesStates {
  key: string;
  /** The first scrape that had the series: for a KPI, its first full window. */
  firstAtMs: number;
  /** Changes after that scrape, absence included (a full window going back to pending is a change too). */
  changes: StateChange[];
}

/**
 * Each series' changes of value after it first appeared, in scrape order. Before its first
 * appearance a series is still filling its window, which is no change of state.
 */
export function stateChangesAfterFirstValue(samples: readonly GaugeSample[]): SeriesStates[] {
  const bySeries = new Map<string, { states: SeriesStates; last: number | null }>();
  for (const sample of samples) {
    for (const [key, entry] of bySeries) {
      const value = sample.values.get(key) ?? null;
      if (value !== entry.last) entry.states.changes.push({ atMs: sample.atMs, from: entry.last, to: value });
      entry.last = value;
    }
    for (const [key, value] of sample.values) {
      if (!bySeries.has(key)) bySeries.set(key, { states: { key, firstAtMs: sample.atMs, changes: [] }, last: value });
    }
  }
  return [...bySeries.values()].map((entry) => entry.states).sort((a, b) => a.key.localeCompare(b.key));
}

/** Per series, how many scrapes showed `value` (e.g. vmsoak_regression_state at 1); series that never did are left out. */
export function scrapesAtValue(samples: readonly GaugeSample[], value: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sample of samples) {
    for (const [key, seen] of sample.values) {
      if (seen === value) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}
