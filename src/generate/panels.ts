/**
 * Panel factories over @grafana/grafana-foundation-sdk's builders: every panel queries the
 * dashboard's `$datasource`, gets its refIds in order, and takes unit, thresholds and value
 * mappings from the caller (which reads them from the KPI catalog).
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { MappingType } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  BigValueColorMode, BigValueGraphMode, GraphDrawStyle, GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode,
  LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, TableCellDisplayMode, TableSortByFieldStateBuilder, VisibilityMode, VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { HeatmapColorOptionsBuilder, PanelBuilder as HeatmapPanelBuilder, YAxisConfigBuilder } from '@grafana/grafana-foundation-sdk/heatmap';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { thresholds } from './grafana-units.ts';

/** Every query goes to the datasource picked in the dashboard's `datasource` variable. */
export const DATASOURCE: { type: string; uid: string } = { type: 'prometheus', uid: '${datasource}' };

export interface Query {
  expr: string;
  legend?: string;
  /** An instant query: tables and stats of the current value. */
  instant?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
}

/** A built panel and the workloads whose runs feed it (the live test runs one of each). */
export interface PanelSpec {
  title: string;
  builder: cog.Builder<dashboard.Panel>;
  /** Names of the workloads it shows; empty when any run of any workload feeds it. */
  workloads: readonly string[];
}

export interface PanelOptions {
  title: string;
  description: string;
  queries: readonly Query[];
  workloads?: readonly string[];
  unit?: string;
  steps?: dashboard.Threshold[];
  min?: number;
  max?: number;
  mappings?: dashboard.ValueMapping[];
  /** Per-column (field) settings, by the field's display name. */
  columns?: Readonly<Record<string, dashboard.DynamicConfigValue[]>>;
  /** Settings of every field a query returns, by the query's refId (A, B, ...). */
  perQuery?: Readonly<Record<string, dashboard.DynamicConfigValue[]>>;
  /** Grid width out of 24 (default 12) and height in rows (default 8). */
  width?: number;
  height?: number;
}

/** The builder methods shared by every panel kind used here. */
interface CommonPanelBuilder<T> {
  title(title: string): T;
  description(description: string): T;
  datasource(datasource: { type?: string; uid?: string }): T;
  withTarget(target: cog.Builder<cog.Dataquery>): T;
  unit(unit: string): T;
  thresholds(thresholds: cog.Builder<dashboard.ThresholdsConfig>): T;
  min(min: number): T;
  max(max: number): T;
  mappings(mappings: dashboard.ValueMapping[]): T;
  span(w: number): T;
  height(h: number): T;
  overrideByName(name: string, properties: dashboard.DynamicConfigValue[]): T;
  overrideByQuery(refId: string, properties: dashboard.DynamicConfigValue[]): T;
}

const FORMATS: Readonly<Record<NonNullable<Query['format']>, PromQueryFormat>> = {
  time_series: PromQueryFormat.TimeSeries,
  table: PromQueryFormat.Table,
  heatmap: PromQueryFormat.Heatmap,
};

function target(query: Query, index: number): DataqueryBuilder {
  const builder = new DataqueryBuilder()
    .datasource(DATASOURCE)
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr);
  if (query.legend !== undefined) builder.legendFormat(query.legend);
  if (query.format !== undefined) builder.format(FORMATS[query.format]);
  if (query.instant === true) builder.instant();
  else builder.range();
  return builder;
}

function applyCommon<T extends CommonPanelBuilder<T>>(builder: T, options: PanelOptions): T {
  builder.title(options.title).description(options.description).datasource(DATASOURCE)
    .span(options.width ?? 12).height(options.height ?? 8);
  options.queries.forEach((query, index) => builder.withTarget(target(query, index)));
  if (options.unit !== undefined) builder.unit(options.unit);
  if (options.steps !== undefined) builder.thresholds(thresholds(options.steps));
  if (options.min !== undefined) builder.min(options.min);
  if (options.max !== undefined) builder.max(options.max);
  if (options.mappings !== undefined) builder.mappings(options.mappings);
  for (const [name, properties] of Object.entries(options.columns ?? {})) builder.overrideByName(name, properties);
  for (const [refId, properties] of Object.entries(options.perQuery ?? {})) builder.overrideByQuery(refId, properties);
  return builder;
}

function spec(options: PanelOptions, builder: cog.Builder<dashboard.Panel>): PanelSpec {
  return { title: options.title, builder, workloads: options.workloads ?? [] };
}

export interface TimeseriesOptions extends PanelOptions {
  /** How thresholds are drawn; default: dashed lines, when there are thresholds. */
  thresholdStyle?: GraphThresholdsStyleMode;
  bars?: boolean;
}

export function timeseriesPanel(options: TimeseriesOptions): PanelSpec {
  const builder = applyCommon(new TimeseriesPanelBuilder(), options)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom))
    .showPoints(VisibilityMode.Never);
  if (options.bars === true) builder.drawStyle(GraphDrawStyle.Bars).fillOpacity(60);
  const style = options.thresholdStyle ?? (options.steps === undefined ? GraphThresholdsStyleMode.Off : GraphThresholdsStyleMode.Dashed);
  builder.thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(style));
  return spec(options, builder);
}

export function statPanel(options: PanelOptions): PanelSpec {
  const builder = applyCommon(new StatPanelBuilder(), options)
    .colorMode(BigValueColorMode.Background)
    .graphMode(BigValueGraphMode.None)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  return spec(options, builder);
}

export interface TableOptions extends PanelOptions {
  transformations?: dashboard.DataTransformerConfig[];
  /** Settings of every numeric column (the thread-count columns of a matrix have no fixed names). */
  numberColumns?: dashboard.DynamicConfigValue[];
  /** The column (by its shown name) the rows are sorted by, largest first. */
  sortDescendingBy?: string;
}

export function tablePanel(options: TableOptions): PanelSpec {
  const builder = applyCommon(new TablePanelBuilder(), options);
  for (const transformation of options.transformations ?? []) builder.withTransformation(transformation);
  if (options.numberColumns !== undefined) builder.overrideByFieldType('number', options.numberColumns);
  if (options.sortDescendingBy !== undefined) builder.sortBy([new TableSortByFieldStateBuilder().displayName(options.sortDescendingBy).desc(true)]);
  return spec(options, builder);
}

export interface HeatmapOptions extends PanelOptions {
  /** Unit of the bucket bounds on the y axis. */
  yUnit: string;
}

/**
 * A heatmap of a classic histogram: the query returns cumulative `le` buckets with
 * `format=heatmap` (Grafana turns them into per-bucket counts) and Grafana must not bucket
 * the data again (`calculate: false`).
 */
export function heatmapPanel(options: HeatmapOptions): PanelSpec {
  const builder = applyCommon(new HeatmapPanelBuilder(), { ...options, unit: undefined })
    .calculate(false)
    .yAxis(new YAxisConfigBuilder().unit(options.yUnit))
    .color(new HeatmapColorOptionsBuilder().scheme('Spectral').steps(64).exponent(0.5))
    .showValue(VisibilityMode.Never);
  return spec(options, builder);
}

/** Cells of a column coloured by thresholds or mappings (the KPI table's "breached"). */
export function colouredCells(): dashboard.DynamicConfigValue {
  return { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorBackground } };
}

export function columnUnit(unit: string): dashboard.DynamicConfigValue {
  return { id: 'unit', value: unit };
}

export function columnMappings(mappings: dashboard.ValueMapping[]): dashboard.DynamicConfigValue {
  return { id: 'mappings', value: mappings };
}

export function dashedLine(): dashboard.DynamicConfigValue {
  return { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } };
}

/** Maps exact numeric values to text and colour: 1 → BREACHED in red, and so on. */
export function valueMappings(entries: ReadonlyArray<readonly [number, string, string]>): dashboard.ValueMapping[] {
  return [{
    type: MappingType.ValueToText,
    options: Object.fromEntries(entries.map(([value, text, color], index) => [String(value), { text, color, index }])),
  }];
}

export interface ValueColumn {
  /** The column's header. */
  name: string;
  /** An instant query; its series' labels are the row keys. */
  expr: string;
  /** Column settings (unit, mappings, cell colours); `hidden` leaves the column out. */
  settings?: dashboard.DynamicConfigValue[];
  hidden?: boolean;
}

export interface LabelledValuesTableOptions extends Omit<TableOptions, 'queries' | 'transformations' | 'columns'> {
  /** The label columns, in order (the series' other labels are left out). */
  labels: readonly string[];
  values: readonly ValueColumn[];
}

/**
 * A row per label set, a column per query: the instant queries are merged on their shared
 * labels (Grafana's "merge"), then the labels of `labels` and the value columns are kept,
 * renamed from Grafana's "Value #<refId>" and ordered.
 */
export function labelledValuesTable(options: LabelledValuesTableOptions): PanelSpec {
  const { labels, values, ...rest } = options;
  const field = (index: number) => `Value #${String.fromCharCode(65 + index)}`;
  const shown = values.map((column, index) => ({ column, field: field(index) })).filter(({ column }) => column.hidden !== true);
  return tablePanel({
    ...rest,
    queries: values.map((column) => ({ expr: column.expr, instant: true, format: 'table' as const })),
    transformations: [
      { id: 'merge', options: {} },
      {
        id: 'organize',
        options: {
          // Everything but the chosen labels and values: Time, job, __name__ and the rest.
          excludeByName: Object.fromEntries(['Time', 'job', '__name__', ...values.map((_, index) => field(index))]
            .filter((name) => !shown.some((entry) => entry.field === name) && !labels.includes(name)).map((name) => [name, true])),
          indexByName: Object.fromEntries([...labels, ...shown.map((entry) => entry.field)].map((name, index) => [name, index])),
          renameByName: Object.fromEntries(shown.map(({ column, field: name }) => [name, column.name])),
        },
      },
    ],
    columns: Object.fromEntries(shown.filter(({ column }) => column.settings !== undefined).map(({ column }) => [column.name, column.settings ?? []])),
  });
}
