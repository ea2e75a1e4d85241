/**
 * The template variables every dashboard has (datasource, job, instance, category,
 * workload, threads) and the label matchers that apply them to a metric. Multi-value
 * variables with an "All" of `.*` are written as regex matchers, the form Grafana
 * interpolates a multi-value selection into: `(a|b)`.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DatasourceVariableBuilder, QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE } from './panels.ts';
import { FAMILIES } from '../export/metric-families.ts';
import { matcher, selector, type Matcher } from './promql.ts';

export const VARIABLE_NAMES = ['datasource', 'job', 'instance', 'category', 'workload', 'threads'] as const;

/** What an "All" selection of a query variable interpolates to. */
export const ALL_VALUE = '.*';

/**
 * The labels a metric carries besides job and instance. Metrics without a category label
 * (the KPI gauges, vmsoak_workload_metric, ...) are filtered by the workload name's
 * category prefix instead.
 */
export type LabelSet = 'workload-category' | 'workload' | 'daemon';

export function scopeMatchers(labels: LabelSet): Matcher[] {
  const daemon = [matcher('job', '=~', '$job'), matcher('instance', '=~', '$instance')];
  if (labels === 'daemon') return daemon;
  const category = labels === 'workload-category'
    ? matcher('category', '=~', '$category')
    : matcher('workload', '=~', '$category\\\\..+');
  return [...daemon, category, matcher('workload', '=~', '$workload'), matcher('threads', '=~', '$threads')];
}

/** `metric{job=~"$job", ..., extra}`: a metric restricted to the dashboard's selection. */
export function scoped(metric: string, labels: LabelSet, extra: readonly Matcher[] = []): string {
  return selector(metric, [...scopeMatchers(labels), ...extra]);
}

function queryVariable(name: string, label: string, query: string, sort: VariableSort): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(sort)
    .multi(true)
    .includeAll(true)
    .allValue(ALL_VALUE)
    .current({ selected: true, text: 'All', value: '$__all' });
}

/** label_values() queries of the query variables, in dependency order. */
const BUILD = FAMILIES.buildInfo.name;
const RUNS = FAMILIES.runs.name;

export const VARIABLE_QUERIES: Readonly<Record<'job' | 'instance' | 'category' | 'workload' | 'threads', string>> = {
  job: `label_values(${BUILD}, job)`,
  instance: `label_values(${BUILD}{job=~"$job"}, instance)`,
  category: `label_values(${RUNS}{job=~"$job", instance=~"$instance"}, category)`,
  workload: `label_values(${RUNS}{job=~"$job", instance=~"$instance", category=~"$category"}, workload)`,
  threads: `label_values(${RUNS}{job=~"$job", instance=~"$instance", category=~"$category", workload=~"$workload"}, threads)`,
};

export function templateVariables(): cog.Builder<dashboard.VariableModel>[] {
  return [
    new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'),
    queryVariable('job', 'Job', VARIABLE_QUERIES.job, VariableSort.AlphabeticalAsc),
    queryVariable('instance', 'Instance (node)', VARIABLE_QUERIES.instance, VariableSort.AlphabeticalAsc),
    queryVariable('category', 'Category', VARIABLE_QUERIES.category, VariableSort.AlphabeticalAsc),
    queryVariable('workload', 'Workload', VARIABLE_QUERIES.workload, VariableSort.AlphabeticalAsc),
    queryVariable('threads', 'Threads', VARIABLE_QUERIES.threads, VariableSort.NumericalAsc),
  ];
}
