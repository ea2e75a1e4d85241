/**
 * `promtool check metrics` (Prometheus's own linter) on the exposition after a full default
 * pass, at both detail levels and with prom-client's default metrics as the daemon serves
 * them: exit 0 and nothing to report (it used to flag a gauge with a `quantile` label and
 * three `_total` gauges among the default metrics).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { findPromtool, promtoolSkipReason } from '../helpers/promtool.ts';
import { metricsAfterDefaultPass } from './default-pass.ts';

function checkMetrics(exposition: string): Promise<{ code: number | null; output: string }> {
  const binary = findPromtool();
  if (binary === null) throw new Error(promtoolSkipReason() || 'promtool not found');
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(exposition);
  });
}

describe('promtool check metrics', { skip: promtoolSkipReason() }, () => {
  for (const detail of ['default', 'full'] as const) {
    it(`passes on /metrics after a full default pass, ${detail} detail`, async () => {
      const { metrics } = await metricsAfterDefaultPass({ detail, steadyState: true });
      const exposition = await metrics.metrics();
      assert.match(exposition, /^nodejs_eventloop_lag_seconds /m, 'the default metrics are part of the check');
      const { code, output } = await checkMetrics(exposition);
      assert.equal(output, '');
      assert.equal(code, 0);
    });
  }
});
