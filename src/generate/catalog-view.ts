/**
 * The questions the dashboard and rule generators ask of the catalog: which workloads carry
 * a KPI, with which unit, target and direction; which workloads are in which tier. Every
 * list of workload names in the generated files comes from here, never from a hand-kept
 * list, so adding a workload module adds it to the dashboards and rules.
 */
import type { Category, Direction, KpiSpec, KpiUnit, Severity, Tier, Workload } from '../workloads/api.ts';
import type { LoadedWorkload } from '../workloads/registry.ts';

/** One KPI name as the catalog declares it, over every workload that declares it. */
export interface KpiGroup {
  name: string;
  unit: KpiUnit;
  direction: Direction;
  /** The default target of the first workload declaring it (catalog order). */
  target: number;
  /** The distinct default targets, when workloads disagree (shown in panel descriptions). */
  targets: readonly number[];
  severities: readonly Severity[];
  description: string;
  workloads: readonly Workload[];
  specs: readonly KpiSpec[];
}

export class CatalogView {
  readonly workloads: readonly Workload[];

  constructor(catalog: readonly LoadedWorkload[]) {
    this.workloads = catalog.map((entry) => entry.workload);
  }

  categories(): Category[] {
    return [...new Set(this.workloads.map((workload) => workload.category))];
  }

  inCategories(categories: readonly string[]): Workload[] {
    return this.workloads.filter((workload) => categories.includes(workload.category));
  }

  tiers(): Tier[] {
    return [...new Set(this.workloads.map((workload) => workload.tier))].sort((a, b) => a - b);
  }

  /**
   * The KPIs of the given workloads grouped by name, in catalog order. A KPI name that two
   * workloads declare with different units or directions cannot share a panel axis or a
   * threshold, so that is an error in the catalog, reported with both workload names.
   */
  kpiGroups(workloads: readonly Workload[] = this.workloads, accept: (kpi: KpiSpec) => boolean = () => true): KpiGroup[] {
    const groups = new Map<string, { first: Workload; specs: KpiSpec[]; workloads: Workload[] }>();
    for (const workload of workloads) {
      for (const kpi of workload.kpis) {
        if (!accept(kpi)) continue;
        const group = groups.get(kpi.name);
        if (group === undefined) {
          groups.set(kpi.name, { first: workload, specs: [kpi], workloads: [workload] });
          continue;
        }
        const first = group.specs[0];
        if (first.unit !== kpi.unit || first.direction !== kpi.direction) {
          throw new Error(`KPI "${kpi.name}": ${group.first.name} declares it ${first.direction} in ${first.unit}, `
            + `${workload.name} ${kpi.direction} in ${kpi.unit}; one KPI name must mean one unit and direction`);
        }
        group.specs.push(kpi);
        if (!group.workloads.includes(workload)) group.workloads.push(workload);
      }
    }
    return [...groups.entries()].map(([name, { specs, workloads: members }]) => ({
      name,
      unit: specs[0].unit,
      direction: specs[0].direction,
      target: specs[0].target,
      targets: [...new Set(specs.map((spec) => spec.target))],
      severities: [...new Set(specs.map((spec) => spec.severity))],
      description: specs[0].description,
      workloads: members,
      specs,
    }));
  }

  /** The group of one KPI name; a dashboard panel bound to a KPI the catalog lacks is a generator error. */
  kpiGroup(name: string, workloads: readonly Workload[] = this.workloads): KpiGroup {
    const group = this.kpiGroups(workloads, (kpi) => kpi.name === name)[0];
    if (group === undefined) throw new Error(`no workload in the catalog declares the KPI "${name}"`);
    return group;
  }

  severities(): Severity[] {
    const order: Severity[] = ['critical', 'warning'];
    const present = new Set(this.workloads.flatMap((workload) => workload.kpis.map((kpi) => kpi.severity)));
    return order.filter((severity) => present.has(severity));
  }

  units(): KpiUnit[] {
    return [...new Set(this.workloads.flatMap((workload) => workload.kpis.map((kpi) => kpi.unit)))];
  }
}
