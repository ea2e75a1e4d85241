/**
 * The daemon's `/api/changes` as a benchmark reads it: change points of each series'
 * history by cause, and the rolling comparison's verdicts at the time of reading. The
 * answer is read defensively (it is another process's JSON), and a daemon without the
 * route, or without causes, is reported as such rather than as zero.
 */

export interface ChangesSummary {
  /** Change points in the daemon's current history, by cause; 'no cause' where a point has none. */
  pointsByCause: Map<string, number>;
  /** "workload@threads: +12.3 % (runtime)" for every point, in the answer's order. */
  points: string[];
  /** The rolling comparison's verdict of each series, counted; a regressed or improved one with its cause ("regressed (environment)"). */
  verdicts: Map<string, number>;
}

interface PointJson {
  change?: unknown;
  cause?: unknown;
}

interface SeriesJson {
  workload?: unknown;
  threads?: unknown;
  points?: unknown;
  verdict?: unknown;
  cause?: unknown;
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const objectOf = <T>(value: unknown): T | null => (typeof value === 'object' && value !== null ? (value as T) : null);
const increment = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/** The summary, or null when the body is not an /api/changes answer at all. */
export function summariseChanges(body: unknown): ChangesSummary | null {
  const root = objectOf<{ series?: unknown; rolling?: unknown }>(body);
  if (root === null || !Array.isArray(root.series)) return null;
  const summary: ChangesSummary = { pointsByCause: new Map(), points: [], verdicts: new Map() };
  for (const entry of root.series) {
    const series = objectOf<SeriesJson>(entry);
    if (series === null) continue;
    for (const raw of listOf(series.points)) {
      const point = objectOf<PointJson>(raw);
      if (point === null) continue;
      const cause = typeof point.cause === 'string' ? point.cause : 'no cause';
      increment(summary.pointsByCause, cause);
      const change = typeof point.change === 'number' ? `${point.change >= 0 ? '+' : ''}${(point.change * 100).toFixed(1)} %` : '?';
      summary.points.push(`${String(series.workload)}@${String(series.threads)}: ${change} (${cause})`);
    }
  }
  const rolling = objectOf<{ series?: unknown }>(root.rolling);
  for (const raw of listOf(rolling?.series)) {
    const series = objectOf<SeriesJson>(raw);
    if (series === null || typeof series.verdict !== 'string') continue;
    const changed = series.verdict === 'regressed' || series.verdict === 'improved';
    increment(summary.verdicts, changed && typeof series.cause === 'string' ? `${series.verdict} (${series.cause})` : series.verdict);
  }
  return summary;
}
