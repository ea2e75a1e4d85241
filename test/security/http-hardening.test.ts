import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createHttpServer, textReply, type Route } from '../../src/daemon/http-server.ts';
import { enumParam, integerParam, queryParams, timeParam } from '../../src/daemon/query-params.ts';
import { rawExchange, statusOf } from './raw-http.ts';
import { ROUTES, startSecured } from './secured-server.ts';
import { makeTestCerts, opensslSkipReason, type TestCerts } from './test-certs.ts';

/** Short enough for a fast test, long enough that a loaded 2-core machine does not trip them on honest requests. */
const TIMEOUTS = { headersMs: 400, requestMs: 800, checkIntervalMs: 50 };

const routes = new Map<string, Route>([
  ...ROUTES,
  ['/api/things', (request) => {
    const { limit, format, since } = queryParams(request, {
      limit: integerParam({ min: 1, max: 100 }).optional(),
      format: enumParam(['json', 'markdown']).optional(),
      since: timeParam().optional(),
    });
    return textReply(200, JSON.stringify({ limit: limit ?? null, format: format ?? null, since: since?.toISOString() ?? null }));
  }],
  ['/boom', () => {
    throw new Error('a bug in a route');
  }],
]);

const server = createHttpServer(routes, pino({ level: 'silent' }), { timeouts: TIMEOUTS });
let port: number;
let base: string;

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const get = (target: string, extra = ''): string => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;

describe('HTTP bad input', () => {
  it('answers an unknown path 404, whatever the method', async () => {
    for (const method of ['GET', 'HEAD', 'POST', 'DELETE']) {
      assert.equal((await fetch(`${base}/no/such/path`, { method })).status, 404, method);
    }
  });

  it('answers other methods than GET and HEAD 405 with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await fetch(`${base}/metrics`, { method });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'GET, HEAD');
    }
    assert.equal(statusOf(await rawExchange(port, 'TRACE /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n')), 405);
  });

  it('answers a request head larger than 16 KiB 431', async () => {
    const raw = await rawExchange(port, get('/metrics', `X-Padding: ${'a'.repeat(20_000)}\r\n`));
    assert.equal(statusOf(raw), 431);
  });

  it('answers malformed requests 400: bad request line, a URL that does not parse, no Host, a bad Content-Length, smuggling', async () => {
    const malformed = [
      'GET /metrics with spaces HTTP/1.1\r\nHost: localhost\r\n\r\n',
      get('//[bad-host'),
      get('/metrics\x01'),
      'GET /metrics HTTP/1.1\r\n\r\n',
      get('/metrics', 'Content-Length: abc\r\n'),
      get('/metrics', 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n'),
      'NOT-HTTP\r\n\r\n',
    ];
    for (const text of malformed) {
      assert.equal(statusOf(await rawExchange(port, text)), 400, JSON.stringify(text));
    }
  });

  it('refuses a GET with a body 413 and closes the connection rather than read the body', async () => {
    // Only part of the announced megabyte is sent: the answer must not wait for the rest.
    const raw = await rawExchange(port, `${get('/metrics', 'Content-Length: 1000000\r\n')}${'x'.repeat(100)}`, { dribble: { chunk: 'x', everyMs: 20 } });
    assert.equal(statusOf(raw), 413);
    assert.match(raw, /\r\nConnection: close\r\n/i);
    const chunked = await rawExchange(port, `${get('/metrics', 'Transfer-Encoding: chunked\r\n')}5\r\nhello\r\n0\r\n\r\n`);
    assert.equal(statusOf(chunked), 413);
  });

  it('answers a route\'s own bug 500 without leaking the error', async () => {
    const response = await fetch(`${base}/boom`);
    assert.equal(response.status, 500);
    assert.doesNotMatch(await response.text(), /a bug in a route/);
  });
});

describe('slow clients cannot hold sockets (headersTimeout, requestTimeout, handshakeTimeout)', () => {
  it('closes a connection that never sends a request', async () => {
    assert.equal(await rawExchange(port, '', { limitMs: 10_000 }).then(() => 'closed'), 'closed');
  });

  it('answers 408 and closes a slow-loris client that keeps dribbling header lines', async () => {
    const raw = await rawExchange(port, 'GET /metrics HTTP/1.1\r\nHost: localhost\r\n', { dribble: { chunk: 'X-Slow: 1\r\n', everyMs: 50 } });
    assert.equal(statusOf(raw), 408);
  });

  it('closes fifty slow-loris connections at once', async () => {
    const clients = Array.from({ length: 50 }, () =>
      rawExchange(port, 'GET /metrics HTTP/1.1\r\n', { dribble: { chunk: 'X: 1\r\n', everyMs: 100 } }));
    const answers = await Promise.all(clients);
    assert.ok(answers.every((raw) => statusOf(raw) === 408), 'every one answered 408 and closed');
    // And the server still answers an honest client.
    assert.equal((await fetch(`${base}/metrics`)).status, 200);
  });

  it('answers a POST whose body never finishes arriving at once, and closes instead of reading on', async () => {
    const raw = await rawExchange(port, 'POST /metrics HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\n', { dribble: { chunk: 'x', everyMs: 50 } });
    assert.equal(statusOf(raw), 405);
  });
});

describe('TLS handshake timeout', { skip: opensslSkipReason() }, () => {
  let certs: TestCerts;
  const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-handshake-'));
  before(() => { certs = makeTestCerts(); });
  after(() => {
    certs.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes a TCP connection that never starts the TLS handshake', async () => {
    const tls = await startSecured(dir, `tls_server_config:\n  cert_file: ${certs.server.certFile}\n  key_file: ${certs.server.keyFile}\n`, { timeouts: TIMEOUTS });
    try {
      assert.equal(await rawExchange(tls.port, '', { limitMs: 10_000 }), '');
    } finally {
      await tls.close();
    }
  });
});

describe('query parameters', () => {
  it('passes typed values to the route', async () => {
    const response = await fetch(`${base}/api/things?limit=5&format=markdown&since=2024-01-02T03:04:05Z`);
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(await response.text()), { limit: 5, format: 'markdown', since: '2024-01-02T03:04:05.000Z' });
    assert.deepEqual(JSON.parse(await (await fetch(`${base}/api/things?since=1700000000`)).text()).since, '2023-11-14T22:13:20.000Z');
  });

  for (const [query, message] of [
    ['limit=abc', /^query parameter limit: must be an integer between 1 and 100 \(got "abc"\)$/],
    ['limit=0', /limit: must be an integer between 1 and 100/],
    ['limit=1e3', /limit: must be an integer/],
    ['limit=', /limit: must be an integer/],
    ['format=html', /^query parameter format: must be one of json, markdown \(got "html"\)$/],
    ['since=yesterday', /since: must be an RFC 3339 time or Unix seconds/],
    ['since=2024-13-45T99:00:00Z', /since: must be an RFC 3339 time/],
    ['limit=1&limit=2', /^query parameter limit: given more than once$/],
    ['color=red', /^unknown query parameter "color" \(known: limit, format, since\)$/],
    ['__proto__=x', /unknown query parameter "__proto__"/],
  ] as const) {
    it(`answers ?${query} 400 naming the parameter`, async () => {
      const response = await fetch(`${base}/api/things?${query}`);
      assert.equal(response.status, 400);
      assert.match((await response.text()).trim(), message);
    });
  }
});
