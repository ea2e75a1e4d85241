/**
 * Certificates made at test time with the real `openssl`: a CA, a server certificate for
 * localhost and 127.0.0.1, a client certificate that CA signed, and a client certificate
 * from a second, untrusted CA. EC P-256 keys, valid for a day: a few tens of milliseconds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Pem {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

export interface TestCerts {
  dir: string;
  ca: Pem;
  server: Pem;
  /** A second server certificate from `ca`: what a rotation brings. */
  renewedServer: Pem;
  /** Signed by `ca`, SANs DNS:prometheus.test and URI:spiffe://vmsoak.test/prometheus. */
  client: Pem;
  /** Same subject and SANs as `client`, signed by a CA the server does not trust. */
  rogueClient: Pem;
  remove(): void;
}

export function opensslSkipReason(): string | false {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'openssl not installed (apt-get install openssl): the TLS tests make their certificates with it';
  }
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

function pem(dir: string, name: string): Pem {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

function selfSignedCa(dir: string, name: string): Pem {
  openssl(dir, ['req', '-x509', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '1', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return pem(dir, name);
}

function signed(dir: string, name: string, ca: string, subject: string, extensions: string): Pem {
  const extFile = path.join(dir, `${name}.ext`);
  writeFileSync(extFile, extensions);
  openssl(dir, ['req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-out', `${name}.crt`, '-days', '1', '-extfile', extFile]);
  return pem(dir, name);
}

const SERVER_EXTENSIONS = 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n';
const CLIENT_EXTENSIONS = 'subjectAltName=DNS:prometheus.test,URI:spiffe://vmsoak.test/prometheus\nextendedKeyUsage=clientAuth\n';

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vmsoak-certs-'));
  const ca = selfSignedCa(dir, 'ca');
  selfSignedCa(dir, 'rogue-ca');
  return {
    dir,
    ca,
    server: signed(dir, 'server', 'ca', '/CN=localhost', SERVER_EXTENSIONS),
    renewedServer: signed(dir, 'renewed-server', 'ca', '/CN=localhost', SERVER_EXTENSIONS),
    client: signed(dir, 'client', 'ca', '/CN=prometheus', CLIENT_EXTENSIONS),
    rogueClient: signed(dir, 'rogue-client', 'rogue-ca', '/CN=prometheus', CLIENT_EXTENSIONS),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
