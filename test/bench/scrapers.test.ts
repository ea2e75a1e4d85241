import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { assertLoopback, MAX_SCRAPERS, scrapeLoad } from '../../bench/scrapers.ts';

let server: Server;
let base: string;
let requests = 0;

before(async () => {
  server = createServer((request, response) => {
    requests++;
    if (request.url === '/fail') {
      response.writeHead(500).end('no');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(1000));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('scrape load', () => {
  it('refuses anything but plain HTTP on loopback', async () => {
    assert.throws(() => assertLoopback('http://example.com/metrics'), /loopback only/);
    assert.throws(() => assertLoopback('https://127.0.0.1/metrics'), /loopback only/);
    assert.doesNotThrow(() => assertLoopback('http://[::1]:9650/metrics'));
    await assert.rejects(scrapeLoad({ url: 'http://10.0.0.1/metrics', scrapers: 1, durationMs: 10 }), /loopback only/);
  });

  it('is bounded in scrapers and time', async () => {
    await assert.rejects(scrapeLoad({ url: `${base}/`, scrapers: MAX_SCRAPERS + 1, durationMs: 10 }), /scrapers/);
    await assert.rejects(scrapeLoad({ url: `${base}/`, scrapers: 1, durationMs: 10 * 60_000 }), /durationMs/);
  });

  it('counts scrapes, bytes and latency, and stops at maxScrapes', async () => {
    const before = requests;
    const result = await scrapeLoad({ url: `${base}/`, scrapers: 3, durationMs: 10_000, maxScrapes: 30 });
    assert.equal(result.scrapes, 30);
    assert.equal(requests - before, 30);
    assert.equal(result.errors, 0);
    assert.equal(result.bytes, 30 * 1000);
    assert.ok(result.latencyUs !== null && result.latencyUs.p50 > 0 && result.latencyUs.p50 <= result.latencyUs.max);
  });

  it('opens every connection with one untimed scrape first when asked', async () => {
    const before = requests;
    const result = await scrapeLoad({ url: `${base}/`, scrapers: 4, durationMs: 10_000, maxScrapes: 5, connectFirst: true });
    assert.equal(result.scrapes, 5);
    assert.equal(requests - before, 5 + 4);
    assert.ok(result.slowestFirstScrapeUs !== null && result.slowestFirstScrapeUs > 0);
    const plain = await scrapeLoad({ url: `${base}/`, scrapers: 1, durationMs: 10_000, maxScrapes: 1 });
    assert.equal(plain.slowestFirstScrapeUs, null);
  });

  it('counts an error for every answer that is not 200', async () => {
    const result = await scrapeLoad({ url: `${base}/fail`, scrapers: 2, durationMs: 10_000, maxScrapes: 6 });
    assert.equal(result.scrapes, 0);
    assert.equal(result.errors, 6);
    assert.deepEqual(result.errorExamples, ['HTTP 500']);
    assert.equal(result.latencyUs, null);
  });

  it('stops when its signal fires', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await scrapeLoad({ url: `${base}/`, scrapers: 1, durationMs: 60_000, intervalMs: 20, signal: controller.signal });
    assert.ok(result.elapsedMs < 5000, `${result.elapsedMs} ms`);
    assert.ok(result.scrapes >= 1);
  });
});
