/**
 * What every generated dashboard shares: uid and title scheme, tags, time settings, the
 * template variables, links to its sibling dashboards, rows of panels, and panel ids.
 */
import { DashboardBuilder, DashboardLinkBuilder, DashboardLinkType, RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelSpec } from './panels.ts';
import { templateVariables } from './variables.ts';

export const DASHBOARD_TAG = 'vmsoak';

export interface RowSpec {
  title: string;
  panels: readonly PanelSpec[];
}

export interface DashboardSpec {
  /** File name without `.json`, and the uid after `vmsoak-`. */
  slug: string;
  title: string;
  description: string;
  rows: readonly RowSpec[];
}

/** A dashboard as generated: its JSON model and, per panel, the workloads that feed it. */
export interface GeneratedDashboard {
  file: string;
  model: Dashboard;
  panels: ReadonlyArray<{ title: string; workloads: readonly string[] }>;
}

/** Panel ids, unique within the dashboard, in layout order (rows count as panels). */
function numberPanels(model: Dashboard): void {
  let id = 1;
  for (const panel of model.panels ?? []) {
    panel.id = id++;
    for (const nested of (panel as { panels?: Array<{ id?: number }> }).panels ?? []) nested.id = id++;
  }
}

export function buildDashboard(spec: DashboardSpec): GeneratedDashboard {
  const builder = new DashboardBuilder(`vmsoak / ${spec.title}`)
    .uid(`vmsoak-${spec.slug}`)
    .description(spec.description)
    .tags([DASHBOARD_TAG, 'generated'])
    .editable()
    .timezone('browser')
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .variables(templateVariables())
    .link(new DashboardLinkBuilder('vmsoak dashboards')
      .type(DashboardLinkType.Dashboards)
      .tags([DASHBOARD_TAG])
      .asDropdown(true)
      .includeVars(true)
      .keepTime(true));
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) builder.withPanel(panel.builder);
  }
  const model = builder.build();
  numberPanels(model);
  return {
    file: `${spec.slug}.json`,
    model,
    panels: spec.rows.flatMap((row) => row.panels.map((panel) => ({ title: panel.title, workloads: panel.workloads }))),
  };
}
