/**
 * The README's reference tables, generated so they cannot drift: the workload catalog from
 * the registry and the metric families from their table (export/metric-families.ts). Each
 * table sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` markers; everything
 * outside the markers is hand-written and left alone.
 */
import { formatKpiTarget, formatParams } from '../export/reports/catalog-text.ts';
import { METRIC_FAMILIES } from '../export/metric-families.ts';
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

export function metricTable(): string {
  const rows = METRIC_FAMILIES
    .map((family) => [`\`${family.name}\``, family.type, family.labels.join(', '), family.help])
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
