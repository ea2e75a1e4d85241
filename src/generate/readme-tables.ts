/**
 * The README's reference tables, generated so they cannot drift: the workload catalog from
 * the registry and the metric families from a live VmsoakMetrics registry. Each table sits
 * between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` markers; everything
 * outside the markers is hand-written and left alone.
 */
import { formatKpiTarget, formatParams } from '../cli/list.ts';
import { VmsoakMetrics } from '../export/prometheus/metrics.ts';
import { RegressionMetrics } from '../export/prometheus/regression-metrics.ts';
import type { Environment } from '../run/environment.ts';
import type { LoadedWorkload } from '../workloads/registry.ts';

/** Pipes would end a Markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (values: readonly string[]) => `| ${values.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function workloadTable(catalog: readonly LoadedWorkload[]): string {
  const builtins = catalog.filter((entry) => entry.builtin).map((entry) => entry.workload);
  const categories = new Set(builtins.map((workload) => workload.category));
  const rows = builtins.map((workload) => [
    `\`${workload.name}\``, String(workload.tier), workload.description, formatParams(workload.params),
    workload.kpis.map((kpi) => `${kpi.name} ${formatKpiTarget(kpi)} (${kpi.severity})`).join('<br>'),
  ]);
  return `${builtins.length} built-in workloads in ${categories.size} categories.\n\n`
    + table(['workload', 'tier', 'what it measures', 'parameters', 'KPIs: default target (severity)'], rows);
}

/** A fixed environment, so the table does not depend on the machine that generates it. */
const DOC_ENVIRONMENT: Environment = { vmsoak: '0.0.0', node: '24', v8: '13', cpus: 1, timerCostNs: 1, timerResolutionNs: 1 };

export function metricTable(): string {
  const metrics = new VmsoakMetrics({ series: [], environment: DOC_ENVIRONMENT, defaultMetrics: false });
  // The daemon registers the regression metrics into the same registry.
  new RegressionMetrics(metrics.registry);
  const rows = metrics.registry.getMetricsAsArray()
    .map((metric) => {
      const { name, help, labelNames } = metric as unknown as { name: string; help: string; labelNames?: readonly string[] };
      const type = (metric as unknown as { type?: string }).type ?? '';
      return [`\`${name}\``, String(type), (labelNames ?? []).join(', '), help];
    })
    .sort(([a], [b]) => a.localeCompare(b));
  return `${table(['metric', 'type', 'labels', 'meaning'], rows)}\n\n`
    + 'Besides these, prom-client\'s default `process_*` and `nodejs_*` metrics (CPU, memory, event-loop lag, GC of the main thread).';
}

/** Replaces the body between each pair of markers; a missing marker is an error, not a silent skip. */
export function fillGenerated(readme: string, sections: Readonly<Record<string, string>>): string {
  let text = readme;
  for (const [name, body] of Object.entries(sections)) {
    const begin = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${begin} ... ${end}`);
    text = `${text.slice(0, from + begin.length)}\n${body}\n${text.slice(to)}`;
  }
  return text;
}
