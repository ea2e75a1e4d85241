/**
 * How OpenTelemetry gets vmsoak's metrics: a bridge from the prom-client registry, where
 * every vmsoak_ family lives, instead of a second set of OTel instruments fed by the same
 * calls. As a MetricProducer it reads the registry at every collection, so /otel/metrics and
 * the OTLP push never lack a family /metrics has, and a series prom-client removes is gone
 * here too. Gauges become OTel gauges, counters monotonic cumulative sums named without
 * `_total` (the exporters append it), each with the unit of its entry in the family table.
 * Histograms and summaries are not bridged: vmsoak's one histogram has its own producer
 * (latency-histograms.ts), which keeps the HDR detail an exponential histogram can carry.
 */
import { ValueType, type Attributes } from '@opentelemetry/api';
import { hrTime, type InstrumentationScope } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality, DataPointType, type CollectionResult, type MetricData, type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { Registry } from 'prom-client';
import { familyNamed, METRIC_PREFIX } from '../metric-families.ts';

interface PromValue {
  value: number;
  labels: Record<string, string | number | undefined>;
}

interface PromMetricJson {
  name: string;
  help: string;
  type: string;
  values: PromValue[];
}

export interface PrometheusBridgeOptions {
  registry: Registry;
  scope: InstrumentationScope;
  /** Only families with this prefix are bridged. */
  prefix?: string;
}

function attributesOf(labels: PromValue['labels']): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(labels)) if (value !== undefined) attributes[name] = String(value);
  return attributes;
}

export function prometheusBridge(options: PrometheusBridgeOptions): MetricProducer {
  const prefix = options.prefix ?? METRIC_PREFIX;
  const startTime = hrTime();
  return {
    async collect(): Promise<CollectionResult> {
      const endTime = hrTime();
      const metrics: MetricData[] = [];
      const errors: unknown[] = [];
      for (const metric of options.registry.getMetricsAsArray()) {
        const { name } = metric as { name: string };
        if (!name.startsWith(prefix)) continue;
        let json: PromMetricJson;
        try {
          json = await (metric as unknown as { get(): Promise<PromMetricJson> }).get();
        } catch (error) {
          errors.push(error);
          continue;
        }
        const points = json.values.filter((sample) => Number.isFinite(sample.value))
          .map((sample) => ({ startTime, endTime, attributes: attributesOf(sample.labels), value: sample.value }));
        const unit = familyNamed(name)?.unit ?? '';
        if (json.type === 'gauge') {
          metrics.push({
            descriptor: { name, description: json.help, unit, valueType: ValueType.DOUBLE },
            aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints: points,
          });
        } else if (json.type === 'counter') {
          metrics.push({
            descriptor: { name: name.replace(/_total$/, ''), description: json.help, unit, valueType: ValueType.DOUBLE },
            aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints: points,
          });
        }
      }
      // The readers replace the resource with the MeterProvider's own.
      return { resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: options.scope, metrics }] }, errors };
    },
  };
}
