/**
 * The OpenTelemetry pipeline of the daemon (`exporters: [..., otel]`): one MeterProvider
 * with two readers, fed by producers rather than instruments of its own. Every vmsoak_
 * gauge and counter comes from the prom-client registry through the bridge
 * (prometheus-bridge.ts), so the two exports cannot drift apart.
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
import type { OtelConfig } from '../../config/types.ts';
import { LATENCY_BUCKET_BOUNDS_NS } from '../../measure/buckets.ts';
import type { RunResult } from '../../model/result.ts';
import type { Environment } from '../../run/environment.ts';
import { FAMILIES } from '../metric-families.ts';
import type { PlannedSeries } from '../prometheus/series.ts';
import { LatencyHistograms } from './latency-histograms.ts';
import { otlpTarget, type OtlpTarget } from './otlp-target.ts';
import { prometheusBridge } from './prometheus-bridge.ts';

export const OTEL_SCOPE = 'vmsoak';

export interface OtelExportOptions {
  config: OtelConfig;
  env: NodeJS.ProcessEnv;
  environment: Environment;
  /** The latency series started at zero, as the prom-client histogram's are. */
  series: readonly PlannedSeries[];
  /** prom-client's registry: every vmsoak_ family but the latency histogram reaches OTel from it. */
  registry: Registry;
  /** The latency histogram's bounds, as /metrics has them (VmsoakMetrics.detail); default the full layout. */
  latencyBoundsNs?: readonly number[];
}

export interface OtelExport {
  /** Folds a run's HDR latency into the OTel histograms; everything else the bridge reads from the registry. */
  observeRun(result: RunResult): void;
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
  const family = FAMILIES.workloadLatency;
  const latency = new LatencyHistograms({
    descriptor: { name: family.name, unit: family.unit, description: family.help },
    boundsNs: options.latencyBoundsNs ?? LATENCY_BUCKET_BOUNDS_NS,
    scope,
  });
  for (const { workload, threads } of options.series) {
    latency.zero({ workload: workload.name, category: workload.category, threads: String(threads) });
  }
  const bridge = prometheusBridge({ registry: options.registry, scope });
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
  return {
    observeRun(result) {
      // As the prom-client histogram: a run without HDR data leaves the histogram alone.
      if (result.status !== 'ok' || result.histogram === null || result.ops <= 0) return;
      latency.add({ workload: result.workload, category: result.category, threads: String(result.threads) }, {
        histogram: result.histogram, ops: result.ops, sumNs: result.sumNs,
      });
    },
    push,
    handleScrape: (request, response) => prometheus.getMetricsRequestHandler(request, response),
    shutdown: (timeoutMillis) => provider.shutdown({ timeoutMillis }).then(
      () => ({ ok: true as const }),
      (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
    ),
  };
}
