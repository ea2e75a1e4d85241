/**
 * The web config file, in exporter-toolkit's format (the one node_exporter and Prometheus
 * read with `--web.config.file`), so an existing file and the tooling around it work as
 * they are. It is validated strictly at start-up: a plain-text password where a bcrypt
 * hash belongs, or a certificate that cannot be read, stops the daemon with exit 2 instead
 * of failing every request later.
 *
 * Relative file paths are resolved against the web config file's directory, as
 * exporter-toolkit does. See docs/security.md.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatKeyPath } from '../config/issues.ts';
import { parseYaml } from '../config/load.ts';
import { tryParseDuration } from '../config/duration.ts';
import { UsageError } from '../errors.ts';
import { CIPHER_SUITES, CURVES, TLS_VERSIONS } from './tls-names.ts';

export const CLIENT_AUTH_TYPES = [
  'NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = typeof CLIENT_AUTH_TYPES[number];

/** The policies that check the client certificate against client_ca; the others never look at a CA. */
export const VERIFYING_CLIENT_AUTH: ReadonlySet<ClientAuthType> = new Set(['VerifyClientCertIfGiven', 'RequireAndVerifyClientCert']);

/** $2a$, $2b$ or $2y$, a two-digit cost, then 53 characters of salt and hash: what htpasswd -B writes. */
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

const nonEmpty = z.string().min(1, 'must not be empty');
const oneOf = <T extends readonly [string, ...string[]]>(names: T) =>
  z.string().refine((name) => names.includes(name), { error: (issue) => `must be one of ${names.join(', ')} (got ${JSON.stringify(issue.input)})` });

const tlsServerShape = {
  cert: nonEmpty.optional(),
  key: nonEmpty.optional(),
  client_ca: nonEmpty.optional(),
  cert_file: nonEmpty.optional(),
  key_file: nonEmpty.optional(),
  client_ca_file: nonEmpty.optional(),
  client_auth_type: oneOf(CLIENT_AUTH_TYPES).default('NoClientCert'),
  client_allowed_sans: z.array(nonEmpty).optional(),
  min_version: oneOf(Object.keys(TLS_VERSIONS) as [string, ...string[]]).default('TLS12'),
  max_version: oneOf(Object.keys(TLS_VERSIONS) as [string, ...string[]]).default('TLS13'),
  cipher_suites: z.array(oneOf(Object.keys(CIPHER_SUITES) as [string, ...string[]])).optional(),
  prefer_server_cipher_suites: z.boolean().default(true),
  curve_preferences: z.array(oneOf(Object.keys(CURVES) as [string, ...string[]])).optional(),
};

const headersShape = {
  'Content-Security-Policy': z.string().optional(),
  'X-Frame-Options': z.string().refine((value) => /^(deny|sameorigin)?$/i.test(value), 'must be deny or sameorigin').optional(),
  'X-Content-Type-Options': z.string().refine((value) => /^(nosniff)?$/i.test(value), 'must be nosniff').optional(),
  'X-XSS-Protection': z.string().optional(),
  'Strict-Transport-Security': z.string().optional(),
};

const goDuration = z.unknown().transform((value, ctx) => {
  const parsed = tryParseDuration(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  }
  return parsed.ms;
});

const webConfigSchema = z.strictObject({
  tls_server_config: z.strictObject(tlsServerShape).optional(),
  http_server_config: z.strictObject({
    // vmsoak serves HTTP/1.1 only; the key is accepted so that exporter-toolkit files load unchanged.
    http2: z.boolean().optional(),
    headers: z.strictObject(headersShape).optional(),
  }).optional(),
  basic_auth_users: z.record(
    z.string().refine((user) => user !== '' && !user.includes(':'), 'a user name must be non-empty and must not contain ":"'),
    z.string().refine((hash) => BCRYPT_HASH.test(hash), 'must be a bcrypt hash such as "$2y$10$..." (htpasswd -nBC 10 "" | tr -d \':\\n\'), not a plain password'),
  ).nullish(),
  rate_limit: z.strictObject({
    interval: goDuration,
    burst: z.number().int().min(1, 'must be at least 1 (0 would refuse every request)'),
  }).optional(),
}).nullish();

type RawWebConfig = NonNullable<z.output<typeof webConfigSchema>>;
type RawTlsConfig = NonNullable<RawWebConfig['tls_server_config']>;

/** What the TLS server needs, with every file already read. */
export interface TlsServerSettings {
  cert: string;
  key: string;
  /** PEM of the CAs client certificates are verified against. */
  clientCa?: string;
  clientAuthType: ClientAuthType;
  clientAllowedSans?: string[];
  minVersion: string;
  maxVersion: string;
  cipherSuites?: string[];
  preferServerCipherSuites: boolean;
  curvePreferences?: string[];
}

export interface WebConfig {
  /** The file it came from, for messages and reloads. */
  file: string;
  /** That file and the certificate, key and CA files it names: a change to any of them is a reason to reload. */
  watchedFiles: string[];
  tls?: TlsServerSettings;
  /** user name -> bcrypt hash; empty means no basic auth. */
  basicAuthUsers: Record<string, string>;
  /** Extra response headers; blank values are left out, as in exporter-toolkit. */
  headers: Record<string, string>;
  /** Token bucket over all requests; absent or interval 0 means unlimited. */
  rateLimit?: { intervalMs: number; burst: number };
}

function fail(file: string, message: string): never {
  throw new UsageError(`web config ${file}: ${message}`);
}

function problemOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'is required' : `must be a ${issue.expected}`;
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  return issue.message;
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
}

function readPem(file: string, key: string, name: string, base: string): string {
  const absolute = path.resolve(base, name);
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    return fail(file, `tls_server_config.${key}: ${absolute}: ${readProblem(error)}`);
  }
}

/** Inline PEM or a file, never both, as exporter-toolkit demands. */
function material(file: string, tls: RawTlsConfig, inline: 'cert' | 'key' | 'client_ca', base: string): string | undefined {
  const fileKey = `${inline}_file` as const;
  const text = tls[inline];
  const name = tls[fileKey];
  if (text !== undefined && name !== undefined) fail(file, `tls_server_config: ${inline} and ${fileKey} are mutually exclusive`);
  return name !== undefined ? readPem(file, fileKey, name, base) : text;
}

/** OpenSSL's verdict now, so that a bad PEM stops start-up with exit 2 rather than an internal error at listen(). */
function checkMaterial(file: string, tls: RawTlsConfig, cert: string, key: string, clientCa: string | undefined): void {
  const where = (inline: 'cert' | 'key' | 'client_ca'): string => `tls_server_config.${tls[`${inline}_file`] === undefined ? inline : `${inline}_file`}`;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    return fail(file, `${where('cert')}: not a PEM certificate`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    return fail(file, `${where('key')}: not an unencrypted PEM private key`);
  }
  if (!certificate.checkPrivateKey(privateKey)) fail(file, `${where('key')}: is not the key of the certificate in ${where('cert')}`);
  if (clientCa === undefined) return;
  try {
    new X509Certificate(clientCa);
  } catch {
    fail(file, `${where('client_ca')}: not a PEM certificate`);
  }
}

function tlsSettings(file: string, tls: RawTlsConfig, base: string): TlsServerSettings {
  const cert = material(file, tls, 'cert', base);
  const key = material(file, tls, 'key', base);
  if (cert === undefined) fail(file, 'tls_server_config: cert_file (or cert) is required');
  if (key === undefined) fail(file, 'tls_server_config: key_file (or key) is required');
  const clientCa = material(file, tls, 'client_ca', base);
  checkMaterial(file, tls, cert, key, clientCa);
  const authType = tls.client_auth_type as ClientAuthType;
  if (clientCa !== undefined && !VERIFYING_CLIENT_AUTH.has(authType)) {
    fail(file, `tls_server_config.client_auth_type: client CAs are configured but ${authType} never verifies a client certificate; use RequireAndVerifyClientCert`);
  }
  if (clientCa === undefined && VERIFYING_CLIENT_AUTH.has(authType)) {
    fail(file, `tls_server_config.client_ca_file: ${authType} needs the CA that signs the client certificates`);
  }
  if (tls.client_allowed_sans !== undefined && authType !== 'RequireAnyClientCert' && authType !== 'RequireAndVerifyClientCert') {
    fail(file, 'tls_server_config.client_allowed_sans: needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert');
  }
  if (TLS_VERSIONS[tls.min_version].rank > TLS_VERSIONS[tls.max_version].rank) {
    fail(file, `tls_server_config.min_version: ${tls.min_version} is newer than max_version ${tls.max_version}`);
  }
  return {
    cert, key, clientCa, clientAuthType: authType, clientAllowedSans: tls.client_allowed_sans,
    minVersion: tls.min_version, maxVersion: tls.max_version, cipherSuites: tls.cipher_suites,
    preferServerCipherSuites: tls.prefer_server_cipher_suites, curvePreferences: tls.curve_preferences,
  };
}

/** Validates an already parsed document; `base` resolves relative file names. */
export function parseWebConfig(document: unknown, file: string, base: string): WebConfig {
  const parsed = webConfigSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = formatKeyPath(issue.path);
    fail(file, `${where === '' ? '' : `${where}: `}${problemOf(issue)}`);
  }
  const raw: RawWebConfig = parsed.data ?? {};
  const headers = Object.fromEntries(Object.entries(raw.http_server_config?.headers ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
  const rateLimit = raw.rate_limit !== undefined && raw.rate_limit.interval > 0
    ? { intervalMs: raw.rate_limit.interval, burst: raw.rate_limit.burst } : undefined;
  const tls = raw.tls_server_config;
  const pemFiles = tls === undefined ? [] : [tls.cert_file, tls.key_file, tls.client_ca_file]
    .filter((name): name is string => name !== undefined).map((name) => path.resolve(base, name));
  return {
    file,
    watchedFiles: [path.resolve(file), ...pemFiles],
    tls: tls === undefined ? undefined : tlsSettings(file, tls, base),
    basicAuthUsers: { ...raw.basic_auth_users },
    headers,
    rateLimit,
  };
}

/** Reads, parses and validates a web config file; a UsageError with one line on any problem. */
export function loadWebConfig(file: string): WebConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(file, readProblem(error));
  }
  let document: unknown;
  try {
    document = parseYaml(text, file);
  } catch (error) {
    // parseYaml words its errors for the main config ("config: <file>:<line>:<col>: ...").
    throw new UsageError((error as Error).message.replace(/^config: /, 'web config '));
  }
  return parseWebConfig(document, file, path.dirname(path.resolve(file)));
}
