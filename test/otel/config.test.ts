/** The `exporters` and `otel` config keys, and where OTLP metrics go. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig } from '../../src/config/load.ts';
import { UsageError } from '../../src/errors.ts';
import { otlpTarget } from '../../src/export/otel/otlp-target.ts';

function problem(raw: unknown): string {
  try {
    validateConfig(raw);
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail('the config was accepted');
}

describe('exporters and otel config', () => {
  it('defaults to Prometheus only, with OTel\'s own push interval and timeout', () => {
    const config = validateConfig({});
    assert.deepEqual(config.exporters, ['prometheus']);
    assert.deepEqual(config.otel, { interval: 60_000, timeout: 30_000, headers: {} });
  });

  it('takes both exporters, an endpoint, durations and headers', () => {
    const config = validateConfig({
      exporters: ['prometheus', 'otel'],
      otel: { endpoint: 'https://collector.example:4318/v1/metrics', interval: '15s', timeout: '5s', headers: { authorization: 'Bearer x' } },
    });
    assert.deepEqual(config.exporters, ['prometheus', 'otel']);
    assert.deepEqual(config.otel, { endpoint: 'https://collector.example:4318/v1/metrics', interval: 15_000, timeout: 5000, headers: { authorization: 'Bearer x' } });
  });

  it('names the field in one line for each mistake', () => {
    assert.match(problem({ exporters: ['graphite'] }), /^config: exporters\[0\]: must be one of prometheus, otel/);
    assert.match(problem({ exporters: [] }), /^config: exporters: must list at least one exporter/);
    assert.match(problem({ exporters: ['otel', 'otel'] }), /^config: exporters: must not repeat an exporter/);
    assert.match(problem({ otel: { endpoint: 'ftp://collector/v1/metrics' } }), /^config: otel\.endpoint: must be an http:\/\/ or https:\/\/ URL/);
    assert.match(problem({ otel: { interval: '10s', timeout: '20s' } }), /^config: otel\.timeout: must not exceed otel\.interval \(10s\)/);
    assert.match(problem({ otel: { intervall: '10s' } }), /^config: otel: unknown key "intervall" \(did you mean "interval"\?\)/);
    assert.match(problem({ otel: { headers: { token: 5 } } }), /^config: otel\.headers\.token: must be a string/);
    for (const message of [problem({ exporters: ['graphite'] }), problem({ otel: { interval: 'soon' } })]) assert.ok(!message.includes('\n'));
  });
});

describe('otlpTarget', () => {
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318/', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://specific:4318/custom' };

  it('prefers the config, then the metrics-specific variable, then the generic one plus /v1/metrics', () => {
    assert.deepEqual(otlpTarget({ endpoint: 'http://config:4318/v1/metrics' }, env), { url: 'http://config:4318/v1/metrics', source: 'otel.endpoint' });
    assert.deepEqual(otlpTarget({}, env), { url: 'http://specific:4318/custom', source: 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT' });
    assert.deepEqual(otlpTarget({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318/' }), { url: 'http://generic:4318/v1/metrics', source: 'OTEL_EXPORTER_OTLP_ENDPOINT' });
  });

  it('pushes nowhere when nothing is set', () => {
    assert.equal(otlpTarget({}, {}), null);
    assert.equal(otlpTarget({}, { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }), null);
  });
});
