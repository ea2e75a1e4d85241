import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import { loadConfig } from '../../src/config/load.ts';
import { loadWebConfig } from '../../src/daemon/web-config.ts';
import { UsageError } from '../../src/errors.ts';
import { isUsageFailure, runCli } from '../cli/run-cli.ts';
import { makeTestCerts, opensslSkipReason, type TestCerts } from './test-certs.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-web-config-'));
const skip = opensslSkipReason();
let certs: TestCerts;

before(() => {
  if (!skip) certs = makeTestCerts();
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  certs?.remove();
});

let counter = 0;
function webConfig(yaml: string): string {
  const file = path.join(dir, `web-${counter++}.yml`);
  writeFileSync(file, yaml);
  return file;
}

function problem(yaml: string): string {
  const file = webConfig(yaml);
  try {
    loadWebConfig(file);
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    assert.ok(error.message.startsWith(`web config ${file}`), error.message);
    return error.message;
  }
  return assert.fail(`accepted:\n${yaml}`);
}

const HASH = bcrypt.hashSync('s3cret', 4);

describe('web config file (exporter-toolkit format)', () => {
  it('accepts an empty file: no TLS, no basic auth', () => {
    const config = loadWebConfig(webConfig(''));
    assert.equal(config.tls, undefined);
    assert.deepEqual(config.basicAuthUsers, {});
  });

  it('accepts bcrypt hashes in every prefix htpasswd and libraries write ($2a$, $2b$, $2y$)', () => {
    const hashes = { a: HASH.replace(/^\$2b\$/, '$2a$'), b: HASH, y: HASH.replace(/^\$2b\$/, '$2y$') };
    const config = loadWebConfig(webConfig(`basic_auth_users:\n${Object.entries(hashes).map(([user, hash]) => `  ${user}: '${hash}'`).join('\n')}\n`));
    assert.deepEqual(config.basicAuthUsers, hashes);
  });

  it('refuses a plain-text password, naming the user', () => {
    assert.match(problem('basic_auth_users:\n  alice: s3cret\n'), /basic_auth_users\.alice: must be a bcrypt hash/);
  });

  it('refuses a user name with a colon, which basic auth cannot carry', () => {
    assert.match(problem(`basic_auth_users:\n  "a:b": '${HASH}'\n`), /must not contain ":"/);
  });

  it('names an unknown key and where it is', () => {
    assert.match(problem('tls_server_config:\n  cert_file: x\n  key_file: y\n  min_versoin: TLS13\n'), /tls_server_config: unknown key "min_versoin"/);
    assert.match(problem('tls_config: {}\n'), /unknown key "tls_config"/);
  });

  it('names a YAML syntax error with line and column', () => {
    assert.match(problem('basic_auth_users: [\n'), /^web config .*web-\d+\.yml:\d+:\d+: /);
  });

  it('refuses values outside exporter-toolkit\'s names', () => {
    assert.match(problem('tls_server_config:\n  cert_file: x\n  key_file: y\n  min_version: TLS14\n'), /min_version: must be one of TLS10, TLS11, TLS12, TLS13/);
    assert.match(problem('tls_server_config:\n  cert_file: x\n  key_file: y\n  client_auth_type: Always\n'), /client_auth_type: must be one of NoClientCert, .*RequireAndVerifyClientCert/);
    assert.match(problem('tls_server_config:\n  cert_file: x\n  key_file: y\n  cipher_suites: [RC4]\n'), /cipher_suites\[0\]: must be one of TLS_RSA_WITH_AES_128_CBC_SHA/);
    assert.match(problem('http_server_config:\n  headers:\n    X-Frame-Options: allow\n'), /X-Frame-Options.*must be deny or sameorigin/);
    assert.match(problem('rate_limit:\n  interval: 1s\n  burst: 0\n'), /rate_limit\.burst: must be at least 1/);
  });

  it('reads cert_file, key_file and client_ca_file relative to the web config\'s directory', { skip }, () => {
    const sub = path.join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    const file = path.join(sub, 'web.yml');
    const relative = (target: string) => path.relative(sub, target);
    writeFileSync(file, [
      'tls_server_config:',
      `  cert_file: ${relative(certs.server.certFile)}`,
      `  key_file: ${relative(certs.server.keyFile)}`,
      `  client_ca_file: ${relative(certs.ca.certFile)}`,
      '  client_auth_type: RequireAndVerifyClientCert',
      '  min_version: TLS13',
    ].join('\n'));
    const config = loadWebConfig(file);
    assert.equal(config.tls?.cert, certs.server.cert);
    assert.equal(config.tls?.key, certs.server.key);
    assert.equal(config.tls?.clientCa, certs.ca.cert);
    assert.equal(config.tls?.minVersion, 'TLS13');
    assert.equal(config.tls?.maxVersion, 'TLS13');
  });

  it('takes inline PEM (cert, key, client_ca) as well', { skip }, () => {
    const config = loadWebConfig(webConfig(`tls_server_config:\n  cert: ${JSON.stringify(certs.server.cert)}\n  key: ${JSON.stringify(certs.server.key)}\n`));
    assert.equal(config.tls?.cert, certs.server.cert);
    assert.equal(config.tls?.clientAuthType, 'NoClientCert');
    assert.equal(config.tls?.minVersion, 'TLS12');
  });

  it('names a certificate file that cannot be read, with its resolved path', () => {
    const message = problem('tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\n');
    assert.ok(message.includes(`tls_server_config.cert_file: ${path.join(dir, 'missing.crt')}: file not found`), message);
  });

  it('refuses a file that is no certificate, and a key that is not the certificate\'s', { skip }, () => {
    const notPem = webConfig('not a certificate');
    assert.match(problem(`tls_server_config:\n  cert_file: ${notPem}\n  key_file: ${certs.server.keyFile}\n`), /tls_server_config\.cert_file: not a PEM certificate/);
    assert.match(problem(`tls_server_config:\n  cert_file: ${certs.server.certFile}\n  key_file: ${notPem}\n`), /tls_server_config\.key_file: not an unencrypted PEM private key/);
    assert.match(problem(`tls_server_config:\n  cert_file: ${certs.server.certFile}\n  key_file: ${certs.client.keyFile}\n`),
      /tls_server_config\.key_file: is not the key of the certificate in tls_server_config\.cert_file/);
  });

  it('refuses inconsistent TLS settings the way exporter-toolkit does', { skip }, () => {
    const base = `tls_server_config:\n  cert_file: ${certs.server.certFile}\n  key_file: ${certs.server.keyFile}\n`;
    assert.match(problem(`${base}  cert: x\n`), /cert and cert_file are mutually exclusive/);
    assert.match(problem('tls_server_config:\n  client_auth_type: NoClientCert\n'), /cert_file \(or cert\) is required/);
    assert.match(problem(`${base}  client_ca_file: ${certs.ca.certFile}\n`), /client_auth_type: client CAs are configured but NoClientCert never verifies/);
    assert.match(problem(`${base}  client_auth_type: RequireAndVerifyClientCert\n`), /client_ca_file: RequireAndVerifyClientCert needs the CA/);
    assert.match(problem(`${base}  client_allowed_sans: [a]\n`), /client_allowed_sans: needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert/);
    assert.match(problem(`${base}  min_version: TLS13\n  max_version: TLS12\n`), /min_version: TLS13 is newer than max_version TLS12/);
  });
});

describe('webConfigFile and webExemptProbes in the vmsoak config', () => {
  it('resolves webConfigFile from a config file against that file\'s directory, from env and flags against the working directory', () => {
    const configFile = path.join(dir, 'vmsoak.yaml');
    writeFileSync(configFile, 'webConfigFile: web.yml\nwebExemptProbes: true\n');
    const fromFile = loadConfig({ file: configFile, cwd: '/elsewhere' });
    assert.equal(fromFile.webConfigFile, path.join(dir, 'web.yml'));
    assert.equal(fromFile.webExemptProbes, true);
    const fromEnv = loadConfig({ env: { VMSOAK_WEB_CONFIG_FILE: 'etc/web.yml', VMSOAK_WEB_EXEMPT_PROBES: 'false' }, cwd: '/srv' });
    assert.equal(fromEnv.webConfigFile, '/srv/etc/web.yml');
    assert.equal(fromEnv.webExemptProbes, false);
    const fromFlags = loadConfig({ file: configFile, flags: { webConfigFile: 'other.yml' }, cwd: '/srv' });
    assert.equal(fromFlags.webConfigFile, '/srv/other.yml');
  });

  it('leaves both unset by default', () => {
    const config = loadConfig();
    assert.equal(config.webConfigFile, undefined);
    assert.equal(config.webExemptProbes, undefined);
  });

  it('names VMSOAK_WEB_EXEMPT_PROBES when it is not true or false', () => {
    assert.throws(() => loadConfig({ env: { VMSOAK_WEB_EXEMPT_PROBES: 'yes' } }), /webExemptProbes \(from VMSOAK_WEB_EXEMPT_PROBES\): must be true or false \(got "yes"\)/);
  });

  it('`vmsoak config check` fails with exit 2 and one line on a bad web config', async () => {
    const web = webConfig('basic_auth_users:\n  alice: plaintext\n');
    const configFile = path.join(dir, 'check.yaml');
    writeFileSync(configFile, `webConfigFile: ${web}\n`);
    const result = await runCli(['config', 'check', configFile]);
    assert.equal(isUsageFailure(result), null);
    assert.match(result.stderr, /basic_auth_users\.alice: must be a bcrypt hash/);
  });
});
