import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import { request } from './request.ts';
import { startSecured, type SecuredServer } from './secured-server.ts';
import { makeTestCerts, opensslSkipReason, type TestCerts } from './test-certs.ts';

const skip = opensslSkipReason();
const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-tls-'));
let certs: TestCerts;
const open: SecuredServer[] = [];

before(() => {
  if (!skip) certs = makeTestCerts();
});
after(async () => {
  await Promise.all(open.map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
  certs?.remove();
});

async function serve(yaml: string, options: { exemptProbes?: boolean } = {}): Promise<SecuredServer> {
  const server = await startSecured(dir, yaml, options);
  open.push(server);
  return server;
}

const tlsBlock = (extra = ''): string =>
  `tls_server_config:\n  cert_file: ${certs.server.certFile}\n  key_file: ${certs.server.keyFile}\n${extra}`;
const mtlsBlock = (extra = ''): string =>
  tlsBlock(`  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${certs.ca.certFile}\n${extra}`);

// Cost 4 keeps the tests fast; the cost is part of the hash, so the server works it out as it would for 10.
const ALICE = bcrypt.hashSync('wonderland', 4).replace(/^\$2b\$/, '$2y$');
const usersBlock = `basic_auth_users:\n  alice: '${ALICE}'\n`;

/** The request must fail before any HTTP status comes back (TLS refused it). */
async function refused(promise: Promise<unknown>, why: string): Promise<void> {
  await assert.rejects(promise, (error: NodeJS.ErrnoException) => {
    assert.ok(error.code !== undefined || error.message !== '', `${why}: ${String(error)}`);
    return true;
  }, why);
}

describe('TLS from the web config', { skip }, () => {
  it('serves https with the configured certificate to a client that trusts its CA', async () => {
    const server = await serve(tlsBlock());
    assert.match(server.url, /^https:/);
    const answer = await request(`${server.url}/metrics`, { ca: certs.ca.cert });
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'vmsoak_up 1\n');
  });

  it('is refused by a client that does not trust the server\'s CA', async () => {
    const server = await serve(tlsBlock());
    await assert.rejects(request(`${server.url}/metrics`), /self-signed certificate in certificate chain|unable to (get|verify)/);
  });

  it('does not answer plain HTTP on the TLS port', async () => {
    const server = await serve(tlsBlock());
    await refused(request(`http://127.0.0.1:${server.port}/metrics`), 'plain HTTP to a TLS port');
  });

  it('refuses TLS 1.2 clients when min_version is TLS13, and accepts them by default (TLS12)', async () => {
    const strict = await serve(tlsBlock('  min_version: TLS13\n'));
    await refused(request(`${strict.url}/metrics`, { ca: certs.ca.cert, maxVersion: 'TLSv1.2' }), 'a TLS 1.2 client against TLS13');
    const lenient = await serve(tlsBlock());
    assert.equal((await request(`${lenient.url}/metrics`, { ca: certs.ca.cert, maxVersion: 'TLSv1.2' })).status, 200);
    await refused(request(`${lenient.url}/metrics`, { ca: certs.ca.cert, maxVersion: 'TLSv1.1' }), 'a TLS 1.1 client');
  });

  it('negotiates only the cipher_suites given, under their Go names', async () => {
    const server = await serve(tlsBlock('  max_version: TLS12\n  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]\n'));
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const client = connect({ host: '127.0.0.1', port: server.port, ca: certs.ca.cert, servername: 'localhost' }, () => resolve(client));
      client.on('error', reject);
    });
    try {
      assert.equal(socket.getProtocol(), 'TLSv1.2');
      assert.equal(socket.getCipher().name, 'ECDHE-ECDSA-AES256-GCM-SHA384');
    } finally {
      socket.destroy();
    }
  });
});

describe('client certificates (RequireAndVerifyClientCert)', { skip }, () => {
  it('serves a client whose certificate the client CA signed', async () => {
    const server = await serve(mtlsBlock());
    const answer = await request(`${server.url}/metrics`, { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key });
    assert.equal(answer.status, 200);
  });

  it('refuses a client without a certificate and one with an untrusted certificate, on every path', async () => {
    const server = await serve(mtlsBlock());
    for (const pathname of ['/metrics', '/-/healthy', '/nope']) {
      await refused(request(`${server.url}${pathname}`, { ca: certs.ca.cert }), `no client certificate, ${pathname}`);
      await refused(request(`${server.url}${pathname}`, { ca: certs.ca.cert, cert: certs.rogueClient.cert, key: certs.rogueClient.key }),
        `untrusted client certificate, ${pathname}`);
    }
  });

  it('with exempt probes, answers /-/healthy and /-/ready without a certificate but refuses /metrics with 403', async () => {
    const server = await serve(mtlsBlock(), { exemptProbes: true });
    for (const probe of ['/-/healthy', '/-/ready']) {
      assert.equal((await request(`${server.url}${probe}`, { ca: certs.ca.cert })).status, 200, probe);
    }
    const anonymous = await request(`${server.url}/metrics`, { ca: certs.ca.cert });
    assert.equal(anonymous.status, 403);
    assert.match(anonymous.body, /client certificate is required/);
    const rogue = await request(`${server.url}/metrics`, { ca: certs.ca.cert, cert: certs.rogueClient.cert, key: certs.rogueClient.key });
    assert.equal(rogue.status, 403);
    assert.match(rogue.body, /not trusted/);
    assert.doesNotMatch(rogue.body, /vmsoak_up/);
    const trusted = await request(`${server.url}/metrics`, { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key });
    assert.equal(trusted.status, 200);
  });

  it('checks client_allowed_sans against the certificate\'s DNS and URI names', async () => {
    const client = { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key };
    const byUri = await serve(mtlsBlock('  client_allowed_sans: ["spiffe://vmsoak.test/prometheus"]\n'));
    assert.equal((await request(`${byUri.url}/metrics`, client)).status, 200);
    const byDns = await serve(mtlsBlock('  client_allowed_sans: [prometheus.test]\n'));
    assert.equal((await request(`${byDns.url}/metrics`, client)).status, 200);
    const other = await serve(mtlsBlock('  client_allowed_sans: ["spiffe://vmsoak.test/grafana", grafana.test]\n'));
    await refused(request(`${other.url}/metrics`, client), 'a SAN outside client_allowed_sans');
  });

  it('RequireAnyClientCert takes any certificate but none; VerifyClientCertIfGiven takes none but no untrusted one', async () => {
    const rogue = { ca: certs.ca.cert, cert: certs.rogueClient.cert, key: certs.rogueClient.key };
    const any = await serve(tlsBlock('  client_auth_type: RequireAnyClientCert\n'));
    assert.equal((await request(`${any.url}/metrics`, rogue)).status, 200);
    await refused(request(`${any.url}/metrics`, { ca: certs.ca.cert }), 'RequireAnyClientCert without a certificate');
    const ifGiven = await serve(tlsBlock(`  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ${certs.ca.certFile}\n`));
    assert.equal((await request(`${ifGiven.url}/metrics`, { ca: certs.ca.cert })).status, 200);
    await refused(request(`${ifGiven.url}/metrics`, rogue), 'VerifyClientCertIfGiven with an untrusted certificate');
  });
});

describe('basic auth from the web config', { skip }, () => {
  const ca = (): { ca: string } => ({ ca: certs.ca.cert });

  it('answers 401 with a Basic challenge to no credentials, a wrong password and an unknown user', async () => {
    const server = await serve(tlsBlock() + usersBlock);
    for (const auth of [undefined, 'alice:wrong', 'bob:wonderland', 'alice:', 'alice:wonderland2']) {
      const answer = await request(`${server.url}/metrics`, { ...ca(), auth });
      assert.equal(answer.status, 401, String(auth));
      assert.match(String(answer.headers['www-authenticate']), /^Basic realm=/);
      assert.doesNotMatch(answer.body, /vmsoak_up/);
    }
  });

  it('answers malformed Authorization headers 401, not 500', async () => {
    const server = await serve(tlsBlock() + usersBlock);
    for (const header of ['Basic', 'Basic !!!', 'Bearer abc', `Basic ${Buffer.from('no-colon').toString('base64')}`, 'Basic ' + 'A'.repeat(8000)]) {
      assert.equal((await request(`${server.url}/metrics`, { ...ca(), headers: { Authorization: header } })).status, 401, header.slice(0, 20));
    }
  });

  it('serves the right user and password, twice (the second from the verdict cache)', async () => {
    const server = await serve(tlsBlock() + usersBlock);
    for (let i = 0; i < 2; i++) {
      const answer = await request(`${server.url}/metrics`, { ...ca(), auth: 'alice:wonderland' });
      assert.equal(answer.status, 200);
      assert.equal(answer.body, 'vmsoak_up 1\n');
    }
  });

  it('protects unknown paths too: 401 before 404, so a stranger cannot map the routes', async () => {
    const server = await serve(tlsBlock() + usersBlock);
    assert.equal((await request(`${server.url}/no/such/path`, ca())).status, 401);
    assert.equal((await request(`${server.url}/no/such/path`, { ...ca(), auth: 'alice:wonderland' })).status, 404);
  });

  it('protects the probes unless they are exempt', async () => {
    const strict = await serve(tlsBlock() + usersBlock);
    assert.equal((await request(`${strict.url}/-/healthy`, ca())).status, 401);
    const exempt = await serve(tlsBlock() + usersBlock, { exemptProbes: true });
    assert.equal((await request(`${exempt.url}/-/healthy`, ca())).status, 200);
    assert.equal((await request(`${exempt.url}/-/ready`, ca())).status, 200);
    assert.equal((await request(`${exempt.url}/metrics`, ca())).status, 401);
    assert.equal((await request(`${exempt.url}/-/healthy/../../metrics`, ca())).status, 401, 'a dot-segment path is normalised before the exemption');
  });

  it('works over plain HTTP too (with a warning in the log)', async () => {
    const server = await serve(usersBlock);
    assert.match(server.url, /^http:/);
    assert.equal((await request(`${server.url}/metrics`)).status, 401);
    assert.equal((await request(`${server.url}/metrics`, { auth: 'alice:wonderland' })).status, 200);
  });
});

describe('rate_limit and http_server_config.headers', { skip }, () => {
  it('answers 429 once the burst is spent', async () => {
    const server = await serve('rate_limit:\n  interval: 1h\n  burst: 2\n');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(`${server.url}/metrics`)).status);
    assert.deepEqual(statuses, [200, 200, 429, 429]);
  });

  it('adds the configured security headers to every answer, errors included', async () => {
    const server = await serve('http_server_config:\n  headers:\n    X-Frame-Options: deny\n    Strict-Transport-Security: max-age=31536000\n    X-XSS-Protection: ""\n');
    for (const pathname of ['/metrics', '/nope']) {
      const answer = await request(`${server.url}${pathname}`);
      assert.equal(answer.headers['x-frame-options'], 'deny', pathname);
      assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000', pathname);
      assert.equal(answer.headers['x-xss-protection'], undefined, 'a blank header is left out');
    }
  });
});
