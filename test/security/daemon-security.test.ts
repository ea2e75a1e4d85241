/**
 * The web config wired into the real daemon (config key webConfigFile), with real clients:
 * node's https client, and a real Prometheus scraping over mutual TLS with basic auth.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import { pino } from 'pino';
import { startDaemon } from '../../src/daemon/daemon.ts';
import { UsageError } from '../../src/errors.ts';
import { okRun } from '../export/run-fixture.ts';
import { daemonConfig, eventually, FIXTURE_CATALOG, fakeRunner, startTestDaemon, tempDataDir, type TestDaemon } from '../daemon/daemon-fixture.ts';
import { prometheusSkipReason, startPrometheus, type PrometheusServer } from '../helpers/prometheus-server.ts';
import { rawExchange, statusOf } from './raw-http.ts';
import { request } from './request.ts';
import { makeTestCerts, opensslSkipReason, type TestCerts } from './test-certs.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-daemon-security-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const runner = fakeRunner(async () => [await okRun({ threads: 1 })]);

describe('path traversal against the daemon\'s routes', () => {
  let test: TestDaemon;
  const marker = 'vmsoak-traversal-marker-7f3a';
  before(async () => {
    test = await startTestDaemon(runner);
    writeFileSync(path.join(test.dataDir, 'secret.txt'), marker);
  });
  after(() => test.stop());

  it('serves no file outside its routes, however the path is encoded', async () => {
    const port = Number(new URL(test.daemon.url).port);
    const dataDirName = path.basename(test.dataDir);
    const targets = [
      '/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/%252e%252e/etc/passwd',
      '/metrics/../../../etc/passwd', '/metrics/..%2f..%2fetc/passwd', '/api/results/../../etc/passwd', '/-/healthy/..%5c..%5cetc%5cpasswd',
      '/report.html/../../../etc/passwd', '/report.html%2f..%2f..%2fetc%2fpasswd', '/status/live/..%2f..%2f..%2fetc%2fpasswd',
      '//etc/passwd', '/\\..\\..\\etc\\passwd', '/etc/passwd%00.html', `/../../tmp/${dataDirName}/secret.txt`, `/${dataDirName}/secret.txt`,
      `/%2e%2e/${dataDirName}/secret.txt`, '/secret.txt', '/./secret.txt',
    ];
    for (const target of targets) {
      const raw = await rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      const status = statusOf(raw);
      assert.ok(status === 404 || status === 400, `${target}: ${status}`);
      assert.doesNotMatch(raw, /root:.*:0:0:/, target);
      assert.ok(!raw.includes(marker), target);
    }
  });
});

describe('the daemon with a web config (TLS, basic auth, exempt probes)', { skip: opensslSkipReason() }, () => {
  let certs: TestCerts;
  let test: TestDaemon;
  let webConfigFile: string;
  const hash = bcrypt.hashSync('wonderland', 4);

  before(async () => {
    certs = makeTestCerts();
    webConfigFile = path.join(dir, 'web.yml');
    writeFileSync(webConfigFile, [
      'tls_server_config:',
      `  cert_file: ${certs.server.certFile}`,
      `  key_file: ${certs.server.keyFile}`,
      '  client_auth_type: RequireAndVerifyClientCert',
      `  client_ca_file: ${certs.ca.certFile}`,
      'basic_auth_users:',
      `  alice: '${hash}'`,
    ].join('\n'));
    test = await startTestDaemon(runner, { webConfigFile, webExemptProbes: true });
  });
  after(async () => {
    await test?.stop();
    certs?.remove();
  });

  const client = (): { ca: string; cert: string; key: string } => ({ ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key });

  it('listens on https and says so in its URL', () => {
    assert.match(test.daemon.url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves every route only to a trusted client with the password', async () => {
    for (const pathname of ['/', '/metrics', '/api/results', '/status/live', '/api/report', '/report.html', '/api/changes', '/nope']) {
      assert.equal((await request(test.url(pathname), client())).status, 401, `no password: ${pathname}`);
      assert.equal((await request(test.url(pathname), { ca: certs.ca.cert, auth: 'alice:wonderland' })).status, 403, `no certificate: ${pathname}`);
      const rogue = { ca: certs.ca.cert, cert: certs.rogueClient.cert, key: certs.rogueClient.key, auth: 'alice:wonderland' };
      assert.equal((await request(test.url(pathname), rogue)).status, 403, `untrusted certificate: ${pathname}`);
    }
    const metrics = await request(test.url('/metrics'), { ...client(), auth: 'alice:wonderland' });
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /^vmsoak_build_info\{/m);
  });

  it('answers the kubelet probes without password or certificate', async () => {
    assert.equal((await request(test.url('/-/healthy'), { ca: certs.ca.cert })).status, 200);
    assert.equal((await request(test.url('/-/ready'), { ca: certs.ca.cert })).status, 200);
  });

  it('is scraped by a real Prometheus over mutual TLS with basic auth; a wrong password or no certificate is up 0', {
    skip: prometheusSkipReason(),
  }, async () => {
    const address = new URL(test.daemon.url).host;
    const tls = { ca_file: certs.ca.certFile, cert_file: certs.client.certFile, key_file: certs.client.keyFile, server_name: 'localhost' };
    const job = (name: string, scrape: Record<string, unknown>) => ({ job: name, address, metricsPath: '/metrics', scrape: { scheme: 'https', ...scrape } });
    let prometheus: PrometheusServer | undefined;
    try {
      prometheus = await startPrometheus([
        job('secure', { tls_config: tls, basic_auth: { username: 'alice', password: 'wonderland' } }),
        job('wrong-password', { tls_config: tls, basic_auth: { username: 'alice', password: 'queen' } }),
        job('no-client-cert', { tls_config: { ca_file: certs.ca.certFile, server_name: 'localhost' }, basic_auth: { username: 'alice', password: 'wonderland' } }),
      ]);
      const server = prometheus;
      const up = await eventually(async () => {
        const samples = await server.query('up');
        return samples.length === 3 ? Object.fromEntries(samples.map((sample) => [sample.metric.job, sample.value[1]])) : undefined;
      }, 'three scraped jobs', 30_000);
      assert.deepEqual(up, { 'secure': '1', 'wrong-password': '0', 'no-client-cert': '0' }, prometheus.log());
      const built = await server.query('vmsoak_build_info{job="secure"}');
      assert.equal(built.length, 1, 'the series came through TLS and auth');
    } finally {
      await prometheus?.stop();
    }
  });
});

describe('the daemon refuses to start on a bad web config', () => {
  it('throws a one-line UsageError naming the file and the key, before listening', async () => {
    const bad = path.join(dir, 'bad-web.yml');
    writeFileSync(bad, 'basic_auth_users:\n  alice: plaintext-password\n');
    const dataDir = await tempDataDir();
    try {
      await assert.rejects(startDaemon(daemonConfig(dataDir, { webConfigFile: bad }), {
        logger: pino({ level: 'silent' }), catalog: FIXTURE_CATALOG, handleSignals: false, runSuite: runner,
      }), (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.equal(error.message.split('\n').length, 1);
        assert.match(error.message, /^web config .*bad-web\.yml: basic_auth_users\.alice: must be a bcrypt hash/);
        return true;
      });
      const missing = path.join(dir, 'missing.yml');
      await assert.rejects(startDaemon(daemonConfig(dataDir, { webConfigFile: missing }), {
        logger: pino({ level: 'silent' }), catalog: FIXTURE_CATALOG, handleSignals: false, runSuite: runner,
      }), new RegExp(`web config ${missing}: file not found`));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
