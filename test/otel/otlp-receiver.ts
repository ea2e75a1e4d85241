/**
 * A test OTLP/HTTP receiver on loopback: accepts POST /v1/metrics in the JSON encoding
 * (OTLP's ExportMetricsServiceRequest as protobuf JSON mapping, what
 * @opentelemetry/exporter-metrics-otlp-http sends), gunzips when asked, and keeps every
 * decoded request with its headers.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface OtlpAnyValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpNumberPoint {
  attributes?: OtlpKeyValue[];
  asDouble?: number;
  asInt?: number | string;
}

export interface OtlpExponentialPoint {
  attributes?: OtlpKeyValue[];
  count: number | string;
  sum?: number;
  scale: number;
  zeroCount?: number | string;
  positive?: { offset?: number; bucketCounts?: Array<number | string> };
  min?: number;
  max?: number;
}

export interface OtlpMetric {
  name: string;
  description?: string;
  unit?: string;
  gauge?: { dataPoints: OtlpNumberPoint[] };
  sum?: { dataPoints: OtlpNumberPoint[]; isMonotonic?: boolean; aggregationTemporality?: number };
  histogram?: { dataPoints: unknown[] };
  exponentialHistogram?: { dataPoints: OtlpExponentialPoint[]; aggregationTemporality?: number };
}

export interface OtlpRequest {
  headers: IncomingHttpHeaders;
  body: {
    resourceMetrics: Array<{
      resource?: { attributes?: OtlpKeyValue[] };
      scopeMetrics: Array<{ scope?: { name?: string }; metrics: OtlpMetric[] }>;
    }>;
  };
}

export interface OtlpReceiver {
  /** http://127.0.0.1:port/v1/metrics */
  endpoint: string;
  requests: OtlpRequest[];
  /** Every metric of every request, newest request last. */
  metrics(): OtlpMetric[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/metrics') {
        response.writeHead(404).end();
        return;
      }
      let raw = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      requests.push({ headers: request.headers, body: JSON.parse(raw.toString('utf8')) as OtlpRequest['body'] });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/metrics`,
    requests,
    metrics: () => requests.flatMap((entry) => entry.body.resourceMetrics.flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics))),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Attributes as a plain record of strings. */
export function attributesOf(point: { attributes?: OtlpKeyValue[] }): Record<string, string> {
  return Object.fromEntries((point.attributes ?? []).map(({ key, value }) => [key, String(value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue)]));
}
