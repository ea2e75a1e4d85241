/**
 * Where OTLP metrics are pushed, if anywhere: the config's `otel.endpoint`, else the
 * standard OpenTelemetry environment variables with the precedence the OTLP exporters
 * give them (the signal-specific one verbatim, the generic one plus `/v1/metrics`). With
 * none of them set nothing is pushed: the pull endpoint /otel/metrics still answers.
 */
import type { OtelConfig } from '../../config/types.ts';

export const METRICS_ENDPOINT_ENV = 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT';
export const ENDPOINT_ENV = 'OTEL_EXPORTER_OTLP_ENDPOINT';

export interface OtlpTarget {
  url: string;
  /** Where the URL came from, for the start-up log line. */
  source: 'otel.endpoint' | typeof METRICS_ENDPOINT_ENV | typeof ENDPOINT_ENV;
}

export function otlpTarget(config: Pick<OtelConfig, 'endpoint'>, env: NodeJS.ProcessEnv): OtlpTarget | null {
  if (config.endpoint !== undefined) return { url: config.endpoint, source: 'otel.endpoint' };
  const specific = env[METRICS_ENDPOINT_ENV]?.trim();
  if (specific) return { url: specific, source: METRICS_ENDPOINT_ENV };
  const generic = env[ENDPOINT_ENV]?.trim();
  if (generic) return { url: `${generic.replace(/\/+$/, '')}/v1/metrics`, source: ENDPOINT_ENV };
  return null;
}
