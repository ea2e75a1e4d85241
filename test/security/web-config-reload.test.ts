/**
 * Certificates and users change under a running daemon (cert-manager renews a Secret, an
 * operator adds a user): the server picks the change up without a restart, and a broken
 * edit leaves the previous config in force.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { X509Certificate } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { pino } from 'pino';
import { eventually } from '../daemon/daemon-fixture.ts';
import { request } from './request.ts';
import { startSecured } from './secured-server.ts';
import { makeTestCerts, opensslSkipReason, type TestCerts } from './test-certs.ts';

const skip = opensslSkipReason();
const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-reload-'));
let certs: TestCerts;

before(() => {
  if (!skip) certs = makeTestCerts();
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  certs?.remove();
});

function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: certs.ca.cert, servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256;

describe('web config reload', { skip }, () => {
  it('serves a renewed certificate and new users without a restart, and keeps the old config when an edit is broken', async () => {
    const liveCert = path.join(dir, 'live.crt');
    const liveKey = path.join(dir, 'live.key');
    copyFileSync(certs.server.certFile, liveCert);
    copyFileSync(certs.server.keyFile, liveKey);
    const users = (name: string): string => `basic_auth_users:\n  ${name}: '${bcrypt.hashSync('pw', 4)}'\n`;
    const tls = `tls_server_config:\n  cert_file: ${liveCert}\n  key_file: ${liveKey}\n`;

    const logLines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } }));
    const server = await startSecured(dir, tls + users('alice'), { reloadIntervalMs: 50, logger });
    try {
      assert.equal(await servedFingerprint(server.port), fingerprintOf(certs.server.cert));
      assert.equal((await request(`${server.url}/metrics`, { ca: certs.ca.cert, auth: 'alice:pw' })).status, 200);

      // A renewal rewrites the files in place; the key may land a moment after the certificate.
      copyFileSync(certs.renewedServer.certFile, liveCert);
      copyFileSync(certs.renewedServer.keyFile, liveKey);
      await eventually(async () => (await servedFingerprint(server.port)) === fingerprintOf(certs.renewedServer.cert) || undefined, 'the renewed certificate');

      writeFileSync(server.file, tls + users('bob'));
      await eventually(async () => (await request(`${server.url}/metrics`, { ca: certs.ca.cert, auth: 'bob:pw' })).status === 200 || undefined, 'the new user');
      assert.equal((await request(`${server.url}/metrics`, { ca: certs.ca.cert, auth: 'alice:pw' })).status, 401, 'the removed user');

      writeFileSync(server.file, `${tls}basic_auth_users:\n  bob: plaintext\n`);
      await eventually(async () => logLines.some((line) => line.includes('web config reload failed')) || undefined, 'the failed reload in the log');
      assert.ok(logLines.some((line) => /basic_auth_users\.bob: must be a bcrypt hash/.test(line)), 'the log names the key');
      assert.equal((await request(`${server.url}/metrics`, { ca: certs.ca.cert, auth: 'bob:pw' })).status, 200, 'the previous config stays');
      assert.equal(await servedFingerprint(server.port), fingerprintOf(certs.renewedServer.cert));
    } finally {
      await server.close();
    }
  });
});
