/**
 * The OpenTelemetry pipeline of the daemon (`exporters: [..., otel]`): one MeterProvider
 * with the mirrored instruments and two readers.
 *
 * - Pull: the OTel Prometheus exporter, its own server never started
 *   (`preventServerStart`); the daemon mounts its request handler at /otel/metrics.
 * - Push: a periodic reader with the OTLP/HTTP (JSON) exporter, when an endpoint is
 *   configured (otlp-target.ts).
 *
 * The latency histogram reaches each reader as a MetricProducer (latency-histograms.ts):
 * explicit buckets for the Prometheus text format, which cannot carry exponential
 * histograms, and base-2 exponential histograms over OTLP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Registry } from 'prom-client';
import type { KpiOverride, OtelConfig } from '../../config/types.ts';
import { LATENCY_BUCKET_BOUNDS_NS } from '../../measure/buckets.ts';
import type { Environment } from '../../run/environment.ts';
import type { PlannedSeries } from '../prometheus/series.ts';
import { LatencyHistograms } from './latency-histograms.ts';
import { OtelMetrics, prometheusHelp } from './otel-metrics.ts';
import { otlpTarget, type OtlpTarget } from './otlp-target.ts';
import { prometheusBridge } from './prometheus-bridge.ts';

export const OTEL_SCOPE = 'vmsoak';
const LATENCY_NAME = 'vmsoak_workload_latency_seconds';

export interface OtelExportOptions {
  config: OtelConfig;
  env: NodeJS.ProcessEnv;
  environment: Environment;
  series: readonly PlannedSeries[];
  kpiOverrides?: Readonly<Record<string, KpiOverride>>;
  /**
   * prom-client's registry of the same metrics: the source of the descriptions, and of the
   * vmsoak_ families no OTel instrument here mirrors (bridged, see prometheus-bridge.ts).
   */
  descriptions: Registry;
}

export interface OtelExport {
  metrics: OtelMetrics;
  /** Where metrics are pushed; null when only pulled. */
  push: OtlpTarget | null;
  /** The Prometheus text exposition of the OTel SDK's data, for GET /otel/metrics. */
  handleScrape(request: IncomingMessage, response: ServerResponse): void;
  /**
   * Collects and pushes once more (when pushing), then stops the readers. Never rejects:
   * resolves with the reason when the last push failed or did not finish in time.
   */
  shutdown(timeoutMillis: number): Promise<{ ok: true } | { ok: false; error: string }>;
}

export function startOtelExport(options: OtelExportOptions): OtelExport {
  const { config, environment } = options;
  const scope = { name: OTEL_SCOPE, version: environment.vmsoak };
  const latency = new LatencyHistograms({
    descriptor: {
      name: LATENCY_NAME, unit: 's',
      description: prometheusHelp(options.descriptions, LATENCY_NAME),
    },
    boundsNs: LATENCY_BUCKET_BOUNDS_NS,
    scope,
  });
  // Families other modules register into the prom-client registry reach OTel through the bridge.
  const mirrored = new Set([LATENCY_NAME]);
  const bridge = prometheusBridge({ registry: options.descriptions, scope, mirrored: () => mirrored });
  const prometheus = new PrometheusExporter({ preventServerStart: true, metricProducers: [latency.classicProducer, bridge] });
  const readers: MetricReader[] = [prometheus];
  const push = otlpTarget(config, options.env);
  if (push !== null) {
    readers.push(new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: push.url, headers: config.headers, timeoutMillis: config.timeout }),
      exportIntervalMillis: config.interval,
      exportTimeoutMillis: config.timeout,
      metricProducers: [latency.exponentialProducer, bridge],
    }));
  }
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override vmsoak's own, as everywhere in OTel.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'vmsoak', [ATTR_SERVICE_VERSION]: environment.vmsoak }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new MeterProvider({ resource, readers });
  const metrics = new OtelMetrics({
    meter: provider.getMeter(scope.name, scope.version), latency, descriptions: options.descriptions,
    series: options.series, kpiOverrides: options.kpiOverrides, environment,
  });
  for (const name of metrics.prometheusNames) mirrored.add(name);
  return {
    metrics,
    push,
    handleScrape: (request, response) => prometheus.getMetricsRequestHandler(request, response),
    shutdown: (timeoutMillis) => provider.shutdown({ timeoutMillis }).then(
      () => ({ ok: true as const }),
      (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
    ),
  };
}
