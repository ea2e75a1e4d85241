/**
 * Everything `vmsoak generate` writes, as (path, text) pairs computed from the catalog: the
 * dashboards, the recording rules and the alerting rules. Pure, so the freshness test and
 * the live test can call it and compare or load its output without touching the tree.
 */
import type { LoadedWorkload } from '../workloads/registry.ts';
import { AlertRuleBuilder } from './alert-rules.ts';
import { CatalogView } from './catalog-view.ts';
import type { GeneratedDashboard } from './dashboard-frame.ts';
import { contentionSchedulerDashboard } from './dashboards/contention-scheduler.ts';
import { gcDashboard } from './dashboards/gc.ts';
import { overviewDashboard } from './dashboards/overview.ts';
import { trendsDashboard } from './dashboards/trends.ts';
import { vmCoreDashboard } from './dashboards/vm-core.ts';
import { recordingRuleGroups } from './recording-rules.ts';
import { ruleFileYaml } from './rule-files.ts';
import { DEFAULT_RUNBOOK_BASE_URL } from './runbooks.ts';

export const DASHBOARDS_DIR = 'dashboards';
export const RECORDING_RULES_FILE = 'deploy/prometheus/recording-rules.yaml';
export const ALERT_RULES_FILE = 'deploy/prometheus/alert-rules.yaml';
export const DEFAULT_JOB = 'vmsoak';

export interface GenerateOptions {
  /** Replaces every alert's `for:`, e.g. "2s" for a test; default: each alert's own. */
  forOverride?: string;
  runbookBaseUrl?: string;
  /** The Prometheus job name that scrapes vmsoak (VmsoakDown). */
  job?: string;
  /** VmsoakNodeOutlier's factor beyond the fleet median; default DEFAULT_OUTLIER_FACTOR (1.5). */
  outlierFactor?: number;
}

export interface GeneratedFile {
  /** Relative to the output directory, with forward slashes. */
  path: string;
  content: string;
}

export function generateDashboards(catalog: readonly LoadedWorkload[]): GeneratedDashboard[] {
  const view = new CatalogView(catalog);
  return [overviewDashboard, contentionSchedulerDashboard, gcDashboard, vmCoreDashboard, trendsDashboard].map((build) => build(view));
}

export function generateRuleFiles(catalog: readonly LoadedWorkload[], options: GenerateOptions = {}): GeneratedFile[] {
  const alerts = new AlertRuleBuilder(new CatalogView(catalog), {
    forOverride: options.forOverride,
    runbookBaseUrl: options.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL,
    job: options.job ?? DEFAULT_JOB,
    outlierFactor: options.outlierFactor,
  });
  return [
    { path: RECORDING_RULES_FILE, content: ruleFileYaml(recordingRuleGroups(), 'Load together with alert-rules.yaml, which uses these series.') },
    { path: ALERT_RULES_FILE, content: ruleFileYaml(alerts.groups(), 'Runbooks: docs/runbooks.md, one section per alert.') },
  ];
}

export function generateArtifacts(catalog: readonly LoadedWorkload[], options: GenerateOptions = {}): GeneratedFile[] {
  const dashboards = generateDashboards(catalog).map((dashboard) => ({
    path: `${DASHBOARDS_DIR}/${dashboard.file}`,
    content: `${JSON.stringify(dashboard.model, null, 2)}\n`,
  }));
  return [...dashboards, ...generateRuleFiles(catalog, options)];
}
