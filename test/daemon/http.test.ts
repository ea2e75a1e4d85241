import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { SuiteResult } from '../../src/model/result.ts';
import { readResultsLog, resultsLogPath } from '../../src/store/results-log.ts';
import { parseExposition, sample, numericValue } from '../export/prom-text.ts';
import { failedRun, okRun } from '../export/run-fixture.ts';
import { eventually, fakeRunner, startTestDaemon, type TestDaemon } from './daemon-fixture.ts';

let test: TestDaemon;

before(async () => {
  test = await startTestDaemon(fakeRunner(async () => [await okRun({ threads: 1 }), failedRun('timeout', 2)]));
  await eventually(async () => {
    const body = await (await fetch(test.url('/api/results'))).json() as SuiteResult;
    return body.results.length === 2 ? body : undefined;
  }, 'the first pass');
});

after(async () => {
  await test.stop();
});

describe('daemon HTTP endpoints', () => {
  it('answers /-/healthy and /-/ready like Prometheus', async () => {
    const healthy = await fetch(test.url('/-/healthy'));
    assert.equal(healthy.status, 200);
    assert.equal(await healthy.text(), 'vmsoak is Healthy.\n');
    const ready = await fetch(test.url('/-/ready'));
    assert.equal(ready.status, 200);
    assert.equal(await ready.text(), 'vmsoak is Ready.\n');
  });

  it('404s unknown paths and 405s other methods than GET and HEAD, with Allow', async () => {
    assert.equal((await fetch(test.url('/nope'))).status, 404);
    assert.equal((await fetch(test.url('/nope'), { method: 'POST' })).status, 404);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await fetch(test.url('/metrics'), { method });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'GET, HEAD');
    }
  });

  it('serves HEAD with GET\'s headers and no body', async () => {
    const response = await fetch(test.url('/metrics'), { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.ok(Number(response.headers.get('content-length')) > 0);
    assert.equal(await response.text(), '');
  });

  it('serves /metrics in the Prometheus text format, counting the pass\'s runs', async () => {
    const response = await fetch(test.url('/metrics'));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(await response.text());
    const labels = { workload: 'contention.fixture', category: 'contention' };
    assert.equal(numericValue(sample(families, 'vmsoak_runs_total', { ...labels, threads: '1' })), 1);
    assert.equal(numericValue(sample(families, 'vmsoak_run_failures_total', { ...labels, threads: '2', reason: 'timeout' })), 1);
    assert.equal(numericValue(sample(families, 'vmsoak_suite_runs_total', { suite: 'pass' })), 1);
  });

  it('serves /api/results: the latest result per workload x threads, without base64 histograms', async () => {
    const response = await fetch(test.url('/api/results'));
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = await response.json() as SuiteResult;
    assert.equal(typeof body.vmsoak, 'string');
    assert.equal(typeof body.node, 'string');
    assert.equal(typeof body.v8, 'string');
    assert.equal(body.seed, 7);
    assert.deepEqual(body.results.map((r) => [r.workload, r.threads, r.status]), [
      ['contention.fixture', 1, 'ok'], ['contention.fixture', 2, 'failed'],
    ]);
    assert.ok(body.results.every((r) => r.histogram === null && r.correctedHistogram === null));

    const families = parseExposition(await (await fetch(test.url('/metrics'))).text());
    const histogram = sample(families, 'vmsoak_workload_latency_seconds', { workload: 'contention.fixture', threads: '1' });
    assert.equal(Number(histogram.count), body.results[0].ops);
  });

  it('appends every result, histograms included, to the results log', async () => {
    // Appends run beside the HTTP answers; wait for both lines rather than race them.
    const { results, tornLastLine } = await eventually(async () => {
      const read = await readResultsLog(resultsLogPath(test.dataDir));
      return read.results.length === 2 ? read : undefined;
    }, 'two results in the log');
    assert.equal(tornLastLine, false);
    assert.equal(typeof results.find((r) => r.status === 'ok')?.histogram, 'string');
    assert.ok((await readFile(resultsLogPath(test.dataDir), 'utf8')).endsWith('\n'));
  });

  it('serves a status page with links, the suite and the escaped results', async () => {
    const response = await fetch(test.url('/'));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((match) => new URL(match[1], test.daemon.url).pathname);
    for (const wanted of ['/metrics', '/api/results', '/-/healthy', '/-/ready']) assert.ok(links.includes(wanted), `link to ${wanted}`);
    assert.match(html, /contention\.fixture/);
    assert.match(html, /0 0 1 1 \*/);
    // failedRun's message is `failed: <timeout> & "quoted"`: it must arrive escaped.
    assert.ok(!html.includes('<timeout>'), 'raw markup from a result');
    assert.ok(html.includes('failed: &lt;timeout&gt; &amp; &quot;quoted&quot;'));
  });
});
